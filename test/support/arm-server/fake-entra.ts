/**
 * A stand-in for Microsoft Entra ID behind msal-node's injectable network client, answering in the
 * real wire shapes: OpenID metadata, instance discovery, the v2.0 token endpoint (authorization
 * code with PKCE, refresh token, device code with `authorization_pending`), AADSTS error bodies.
 * Tokens are opaque strings it remembers, so a test can check who holds what.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** A user and the tenants they can sign in to (home first; the others are guest memberships). */
export interface FakeUser {
  username: string;
  name: string;
  oid: string;
  tenants: string[];
}

interface Issued {
  user: FakeUser;
  tenant: string;
  scope: string;
  expiresAt: number;
}

const PUBLIC_HOST = 'https://login.microsoftonline.com';
const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** The fake Entra ID. `calls` records every grant for assertions. */
export class FakeEntra implements INetworkModule {
  readonly accessTokens = new Map<string, Issued>();
  /** Refresh tokens handed out (tests check none of them leaks into output). */
  readonly refreshTokens = new Map<string, { user: FakeUser; revoked: boolean }>();
  private readonly codes = new Map<string, { user: FakeUser; tenant: string; nonce?: string; challenge: string; redirectUri: string }>();
  private readonly deviceCodes = new Map<string, { user: FakeUser; tenant: string; userCode: string; approveAfter: number; polls: number }>();
  readonly calls: Array<{ grant: string; tenant: string }> = [];
  /** Lifetime of access tokens; below msal's 5-minute renewal offset, every silent call refreshes. */
  accessTokenSeconds = 3600;
  /**
   * Called with every access token before it is handed out: a test plays a resource that trusts
   * this Entra (e.g. a PostgreSQL role whose password becomes the database-scope token).
   */
  onAccessToken?: (token: string, issued: { username: string; tenant: string; scope: string }) => Promise<void>;

  /** `host`: the origin it answers as (the public cloud's by default; a local https server's when msal reaches it over the network). */
  constructor(readonly user: FakeUser, readonly clientId: string, readonly host = PUBLIC_HOST) {}

  /**
   * For the test ARM server: an ARM token of this Entra makes its holder an owner, in the tenant it
   * was issued for (ARM refuses it for another tenant's subscription); an expired one says so.
   */
  armIssuer(armScope: string): (token: string) => { user: 'owner'; expired: boolean; tenant: string } | undefined {
    return (token) => {
      const t = this.accessTokens.get(token);
      if (!t || t.scope !== armScope) return undefined;
      return { user: 'owner', expired: t.expiresAt * 1000 < Date.now(), tenant: t.tenant };
    };
  }

  /** Revokes every refresh token (what an admin's "revoke sessions" or 90 days of inactivity do). */
  revokeRefreshTokens(): void {
    for (const rt of this.refreshTokens.values()) rt.revoked = true;
  }

  /** Plays the user in the browser: reads the authorize URL msal opened and follows the redirect. */
  async browser(url: string): Promise<void> {
    const u = new URL(url);
    const q = u.searchParams;
    const tenant = this.tenantOf(u.pathname.split('/')[1]);
    if (q.get('client_id') !== this.clientId || q.get('code_challenge_method') !== 'S256' || !q.get('state')) throw new Error(`bad authorize request ${url}`);
    const redirectUri = q.get('redirect_uri')!;
    if (!/^http:\/\/localhost:\d+\/?$/.test(redirectUri)) throw new Error(`redirect is not loopback: ${redirectUri}`);
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { user: this.user, tenant, nonce: q.get('nonce') ?? undefined, challenge: q.get('code_challenge')!, redirectUri });
    // msal-node asks for response_mode=form_post: Entra's page posts the answer to the loopback server.
    if (q.get('response_mode') !== 'form_post') throw new Error(`msal asked for response_mode ${q.get('response_mode')}`);
    const form = new URLSearchParams({ code, state: q.get('state')!, client_info: this.clientInfo(tenant) });
    const res = await fetch(redirectUri, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await res.text();
  }

  /** Plays the user typing the device code on another machine, after msal has polled `afterPolls` times in vain. */
  approveDeviceCode(userCode: string, afterPolls = 1): void {
    for (const d of this.deviceCodes.values()) if (d.userCode === userCode) d.approveAfter = afterPolls;
  }

  async sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
    const u = new URL(url);
    if (u.pathname.endsWith('/discovery/instance')) {
      return ok({ tenant_discovery_endpoint: `${this.host}/{tenant}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1',
        metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] }] }) as NetworkResponse<T>;
    }
    if (u.pathname.endsWith('/.well-known/openid-configuration')) {
      const t = u.pathname.split('/')[1];
      const issuerTenant = ['organizations', 'common'].includes(t) ? '{tenantid}' : this.tenantOf(t);
      const h = this.host;
      return ok({
        token_endpoint: `${h}/${t}/oauth2/v2.0/token`, authorization_endpoint: `${h}/${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${h}/${t}/oauth2/v2.0/devicecode`, end_session_endpoint: `${h}/${t}/oauth2/v2.0/logout`,
        jwks_uri: `${h}/${t}/discovery/v2.0/keys`, issuer: `${h}/${issuerTenant}/v2.0`, response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'], token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        request_uri_parameter_supported: false, userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo', tenant_region_scope: null, cloud_instance_name: 'microsoftonline.com',
      }) as NetworkResponse<T>;
    }
    return { status: 404, headers: {}, body: { error: 'not_found' } as T };
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const u = new URL(url);
    const tenant = this.tenantOf(u.pathname.split('/')[1]);
    const form = new URLSearchParams(options?.body ?? '');
    if (form.get('client_id') !== this.clientId) return aadError('unauthorized_client', 700016, `Application with identifier '${form.get('client_id')}' was not found.`) as NetworkResponse<T>;
    if (u.pathname.endsWith('/devicecode')) {
      const deviceCode = randomBytes(24).toString('base64url');
      const userCode = randomBytes(4).toString('hex').toUpperCase();
      this.deviceCodes.set(deviceCode, { user: this.user, tenant, userCode, approveAfter: Infinity, polls: 0 });
      return ok({ user_code: userCode, device_code: deviceCode, verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 1,
        message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${userCode} to authenticate.` }) as NetworkResponse<T>;
    }
    const grant = form.get('grant_type') ?? '';
    this.calls.push({ grant, tenant });
    if (grant === 'authorization_code') {
      const c = this.codes.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!c || createHash('sha256').update(verifier).digest('base64url') !== c.challenge || form.get('redirect_uri') !== c.redirectUri) {
        return aadError('invalid_grant', 70000, 'The provided authorization code or PKCE verifier is invalid.') as NetworkResponse<T>;
      }
      this.codes.delete(form.get('code')!);
      return await this.grant(c.user, c.tenant, form.get('scope') ?? '', c.nonce) as NetworkResponse<T>;
    }
    if (grant === 'refresh_token') {
      const rt = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!rt || rt.revoked) return aadError('invalid_grant', 700082, 'The refresh token has expired due to inactivity. The token was issued on 2026-08-01T00:00:00.0000000Z and was inactive for 90.00:00:00.') as NetworkResponse<T>;
      if (!rt.user.tenants.includes(tenant)) return aadError('invalid_grant', 50020, `User account '${rt.user.username}' from identity provider does not exist in tenant '${tenant}'.`) as NetworkResponse<T>;
      return await this.grant(rt.user, tenant, form.get('scope') ?? '') as NetworkResponse<T>;
    }
    if (grant === 'device_code' || grant === 'urn:ietf:params:oauth:grant-type:device_code') {
      const d = this.deviceCodes.get(form.get('device_code') ?? '');
      if (!d) return aadError('expired_token', 70020, 'The provided device code has expired.') as NetworkResponse<T>;
      if (d.polls++ < d.approveAfter) return aadError('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.') as NetworkResponse<T>;
      this.deviceCodes.delete(form.get('device_code')!);
      return await this.grant(d.user, d.tenant, form.get('scope') ?? '') as NetworkResponse<T>;
    }
    return aadError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`) as NetworkResponse<T>;
  }

  private tenantOf(segment: string): string {
    return ['organizations', 'common', 'consumers'].includes(segment) ? this.user.tenants[0] : segment;
  }

  private clientInfo(tenant: string): string {
    return b64url(JSON.stringify({ uid: this.user.oid, utid: this.user.tenants[0] ?? tenant }));
  }

  private async grant(user: FakeUser, tenant: string, scope: string, nonce?: string): Promise<NetworkResponse<unknown>> {
    const res = this.tokens(user, tenant, scope, nonce);
    const body = res.body as { access_token: string; scope: string };
    await this.onAccessToken?.(body.access_token, { username: user.username, tenant, scope: body.scope });
    return res;
  }

  private tokens(user: FakeUser, tenant: string, scope: string, nonce?: string): NetworkResponse<unknown> {
    const now = Math.floor(Date.now() / 1000);
    const access = `fake-at-${randomUUID()}`;
    const refresh = `fake-rt-${randomUUID()}`;
    const resourceScopes = scope.split(' ').filter((s) => !['openid', 'profile', 'offline_access'].includes(s));
    this.accessTokens.set(access, { user, tenant, scope: resourceScopes.join(' '), expiresAt: now + this.accessTokenSeconds });
    this.refreshTokens.set(refresh, { user, revoked: false });
    const idClaims = { aud: this.clientId, iss: `${this.host}/${tenant}/v2.0`, iat: now, nbf: now, exp: now + 3600, name: user.name, oid: user.oid,
      preferred_username: user.username, sub: b64url(user.oid + tenant), tid: tenant, ver: '2.0', ...(nonce ? { nonce } : {}) };
    const idToken = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'fake' }))}.${b64url(JSON.stringify(idClaims))}.${b64url('signature')}`;
    return ok({ token_type: 'Bearer', scope: resourceScopes.join(' '), expires_in: this.accessTokenSeconds, ext_expires_in: this.accessTokenSeconds,
      access_token: access, refresh_token: refresh, id_token: idToken, client_info: this.clientInfo(tenant) });
  }
}

function ok(body: unknown): NetworkResponse<unknown> {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID() }, body };
}

function aadError(error: string, code: number, text: string, host = PUBLIC_HOST): NetworkResponse<unknown> {
  const trace = randomUUID();
  return { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: {
    error, error_description: `AADSTS${code}: ${text} Trace ID: ${trace} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
    error_codes: [code], timestamp: new Date().toISOString(), trace_id: trace, correlation_id: randomUUID(), error_uri: `${host}/error?code=${code}` } };
}
