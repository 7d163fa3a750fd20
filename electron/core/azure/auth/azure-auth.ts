/**
 * Sign-in to Microsoft Entra ID with msal-node as a public client: the system browser with a
 * loopback redirect, or a device code; silent refresh from the persisted cache; per-tenant tokens
 * (guest tenants included); sign-out that removes the account from storage. A refresh that fails
 * becomes one 'azure-signed-out' error carrying Entra's reason — the caller asks for sign-in once.
 */
import { InteractionRequiredAuthError, PublicClientApplication, type AccountInfo, type AuthenticationResult, type INetworkModule } from '@azure/msal-node';
import { UserError } from '../../errors';
import { DEFAULT_CLIENT_ID, isKnownAuthorityHost, type Cloud } from '../clouds';
import type { TokenSource } from '../arm-pipeline';
import { cachePlugin, type CacheStorage } from './cache-storage';

/** Settings of the sign-in (client id and authority are user settings: a customer may require their own app). */
export interface AuthSettings {
  cloud: Cloud;
  /** Default: the Azure CLI's public client id ({@link DEFAULT_CLIENT_ID}). */
  clientId?: string;
  /** Tenant id or domain, `organizations` (default) or `common`. */
  tenant?: string;
  storage: CacheStorage;
  /** msal's injectable network client (tests answer with a fake Entra ID in its real wire shape). */
  networkClient?: INetworkModule;
}

/** Who is signed in. */
export interface SignedInAccount {
  username: string;
  name?: string;
  homeAccountId: string;
  /** The tenant of the last sign-in. */
  tenantId: string;
}

/** What the device code flow asks the user to do. */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  message: string;
  expiresInSeconds: number;
}

/** Sign-in and tokens for one cloud and client id. */
export class AzureAuth {
  private readonly app: PublicClientApplication;
  readonly clientId: string;

  constructor(private readonly settings: AuthSettings) {
    this.clientId = settings.clientId ?? DEFAULT_CLIENT_ID;
    this.app = new PublicClientApplication({
      auth: {
        clientId: this.clientId, authority: this.authority(settings.tenant),
        // A host msal does not know would be looked up at login.microsoftonline.com's instance discovery: declare it instead.
        ...(isKnownAuthorityHost(settings.cloud.authorityHost) ? {} : { knownAuthorities: [new URL(settings.cloud.authorityHost).host] }),
      },
      cache: { cachePlugin: cachePlugin(settings.storage) },
      system: settings.networkClient ? { networkClient: settings.networkClient } : {},
    });
  }

  private authority(tenant = this.settings.tenant ?? 'organizations'): string {
    if (!/^[A-Za-z0-9.-]{1,100}$/.test(tenant)) throw new UserError('bad-argument', `"${tenant}" is not a tenant id or domain.`, 'For example --tenant contoso.onmicrosoft.com or its GUID.');
    return `${this.settings.cloud.authorityHost}/${tenant}`;
  }

  /** Interactive sign-in in the system browser; msal listens on http://localhost:<free port> for the redirect. */
  async signInInteractive(opts: { openBrowser: (url: string) => Promise<void>; tenant?: string; loginHint?: string }): Promise<SignedInAccount> {
    const result = await this.app.acquireTokenInteractive({
      scopes: [this.settings.cloud.scopes.arm],
      authority: this.authority(opts.tenant),
      openBrowser: opts.openBrowser,
      loginHint: opts.loginHint,
      successTemplate: '<h1>Signed in to PG Flex Restore.</h1><p>You can close this tab.</p>',
      errorTemplate: '<h1>Sign-in failed.</h1><p>Go back to PG Flex Restore for the reason.</p>',
    });
    return toAccount(result);
  }

  /** Device code sign-in (no browser on this machine): `onPrompt` tells the user where to type the code. */
  async signInDeviceCode(opts: { onPrompt: (p: DeviceCodePrompt) => void; tenant?: string }): Promise<SignedInAccount> {
    const result = await this.app.acquireTokenByDeviceCode({
      scopes: [this.settings.cloud.scopes.arm],
      authority: this.authority(opts.tenant),
      deviceCodeCallback: (r) => opts.onPrompt({ userCode: r.userCode, verificationUri: r.verificationUri, message: r.message, expiresInSeconds: r.expiresIn }),
    });
    if (!result) throw new UserError('azure-signed-out', 'The device code sign-in ended without a token.', 'Run pgflex-restore azure login --device-code again.');
    return toAccount(result);
  }

  /** Accounts in the cache. */
  async accounts(): Promise<AccountInfo[]> {
    return this.app.getTokenCache().getAllAccounts();
  }

  /** The signed-in account (the first one, or the one with `homeAccountId`), or null. */
  async account(homeAccountId?: string): Promise<AccountInfo | null> {
    const all = await this.accounts();
    return all.find((a) => !homeAccountId || a.homeAccountId === homeAccountId) ?? null;
  }

  /**
   * A token for `scope` in `tenant` (default: the account's home tenant), from the cache or by a
   * silent refresh. Never prompts: when the refresh fails it throws 'azure-signed-out' with the reason.
   */
  async getToken(scope: string, opts: { tenant?: string; homeAccountId?: string; forceRefresh?: boolean } = {}): Promise<string> {
    return (await this.getTimedToken(scope, opts)).token;
  }

  /** {@link getToken} with the token's end (epoch ms), for a token that must stay valid a while (a database password). */
  async getTimedToken(scope: string, opts: { tenant?: string; homeAccountId?: string; forceRefresh?: boolean } = {}): Promise<{ token: string; expiresAt: number }> {
    const account = await this.account(opts.homeAccountId);
    if (!account) throw new UserError('azure-signed-out', 'Not signed in to Azure.', 'Sign in: pgflex-restore azure login (--device-code without a browser).');
    try {
      // msal picks the cached token by the account's tenant: another tenant is asked for as that tenant's profile.
      const tenant = opts.tenant ?? account.tenantId;
      const profile = tenant === account.tenantId ? account : { ...account, tenantId: tenant, idToken: undefined, idTokenClaims: undefined };
      const r = await this.app.acquireTokenSilent({ account: profile, scopes: [scope], authority: this.authority(tenant), forceRefresh: opts.forceRefresh });
      // msal always says when a token ends; without it, assume the shortest life Entra gives (an hour).
      return { token: r.accessToken, expiresAt: r.expiresOn?.getTime() ?? Date.now() + 3_600_000 };
    } catch (err) {
      const reason = err instanceof InteractionRequiredAuthError ? `${err.errorCode}: ${firstLine(err.errorMessage)}` : firstLine((err as Error).message);
      const tenantNote = opts.tenant && opts.tenant !== account.tenantId ? ` for tenant ${opts.tenant}` : '';
      throw new UserError('azure-signed-out', `Your Azure sign-in${tenantNote} can no longer be refreshed (${reason}).`,
        `Sign in again: pgflex-restore azure login${opts.tenant ? ` --tenant ${opts.tenant}` : ''}`, { account: account.username, tenant: opts.tenant ?? account.tenantId });
    }
  }

  /** A {@link TokenSource} bound to one tenant and account. */
  tokenSource(tenant?: string, homeAccountId?: string): TokenSource {
    return { getToken: (scope) => this.getToken(scope, { tenant, homeAccountId }) };
  }

  /**
   * Removes the account (or every account) from the cache and its storage, with its tokens for
   * every tenant. Returns how many accounts were removed (one per person, not per tenant profile).
   */
  async signOut(homeAccountId?: string): Promise<number> {
    const cache = this.app.getTokenCache();
    const targets = (await cache.getAllAccounts()).filter((a) => !homeAccountId || a.homeAccountId === homeAccountId);
    for (const a of targets) await cache.removeAccount(a);
    return new Set(targets.map((a) => a.homeAccountId)).size;
  }
}

function toAccount(r: AuthenticationResult): SignedInAccount {
  if (!r.account) throw new UserError('azure-signed-out', 'Entra ID returned a token without an account.', 'Sign in again.');
  return { username: r.account.username, name: r.account.name, homeAccountId: r.account.homeAccountId, tenantId: r.tenantId || r.account.tenantId };
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0].replace(/Trace ID:.*$/, '').trim().slice(0, 300);
}
