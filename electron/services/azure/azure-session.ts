/**
 * The app's Azure sign-in, held in main: msal with its token cache in the host's secret store
 * (Electron safeStorage in the app, memory in the browser bridge), or a bearer token the host was
 * given (AZURE_ACCESS_TOKEN) for automation and tests. The renderer only ever sees an account
 * view; the device code is shown to it because the user must type it at Microsoft's page.
 */
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { AzureAuth, type DeviceCodePrompt, type SignedInAccount } from '../../core/azure/auth/azure-auth';
import type { CacheStorage } from '../../core/azure/auth/cache-storage';
import { staticTokenSource } from '../../core/azure/auth/static-token';
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { resolveCloud, type Cloud, type CloudName } from '../../core/azure/clouds';
import { freshContainerName } from '../../core/azure/container-url';
import { listTenants } from '../../core/azure/subscriptions';
import { UserError } from '../../core/errors';
import { readJsonFile, writeJsonFile } from '../../core/json-file';
import { renewingPassword, type ExpiringPassword } from '../../core/target/expiring-password';
import type { SecretStore } from '../settings/secret-store';
import type { AzureCloudSetting } from '../../contract';
import type { AzureAccountView, AzureProblem, AzureSignInRequest } from './azure-api';

/** What the session needs from its host. */
export interface SessionDeps {
  userDataDir: string;
  secrets: SecretStore;
  /** Opens Microsoft's sign-in page in the system browser. */
  openExternal(url: string): Promise<void>;
  /** A bearer token for ARM given to the host (AZURE_ACCESS_TOKEN): the session starts signed in with it. */
  accessToken?: string;
  /** Every ARM call goes here instead of the cloud's Resource Manager (PGFLEX_ARM_ENDPOINT). */
  armEndpoint?: string;
  /** msal's network client (tests answer with a fake Entra ID). */
  networkClient?: ConstructorParameters<typeof AzureAuth>[0]['networkClient'];
  /** Where the cloud choice is kept (the app's settings); memory when not given. */
  cloudSetting?: CloudSettingStore;
}

/** The cloud setting's home, as the session reads and changes it. */
export interface CloudSettingStore {
  read(): Promise<AzureCloudSetting>;
  write(value: AzureCloudSetting): Promise<void>;
}

/** What is remembered between starts (no secret: those are in the token cache, in the secret store). */
interface SessionFile {
  /** Older files kept the cloud here; it moves to the settings once. */
  cloud?: CloudName;
  tenantId?: string;
  homeAccountId?: string;
  username?: string;
}

const CACHE_KEY = 'azure-token-cache';

function secretCache(secrets: SecretStore): CacheStorage {
  return { read: () => secrets.get(CACHE_KEY), write: (data) => secrets.set(CACHE_KEY, data) };
}

function problemOf(err: unknown): AzureProblem {
  if (err instanceof UserError) return { code: err.code, message: err.message, hint: err.hint };
  return { code: 'azure-signed-out', message: `The sign-in failed: ${(err as Error)?.message ?? String(err)}`, hint: 'Try again, or sign in with a device code.' };
}

/** One app's Azure session. */
export class AzureSession {
  private file: SessionFile = {};
  private readonly cloudSetting: CloudSettingStore;
  private loaded: Promise<void>;
  private pending: { prompt: DeviceCodePrompt | null; startedAt: number } | null = null;
  private problem: AzureProblem | null = null;
  private tenants: AzureAccountView['tenants'] = [];
  private dbPassword: { key: string; source: ExpiringPassword } | null = null;

  constructor(private readonly deps: SessionDeps) {
    let kept: AzureCloudSetting = { cloud: 'public', armEndpoint: null };
    this.cloudSetting = deps.cloudSetting ?? { read: async () => kept, write: async (v) => void (kept = v) };
    this.loaded = readJsonFile(this.path()).then(async (v) => {
      const o = (v ?? {}) as Partial<SessionFile>;
      this.file = {
        tenantId: typeof o.tenantId === 'string' ? o.tenantId : undefined,
        homeAccountId: typeof o.homeAccountId === 'string' ? o.homeAccountId : undefined,
        username: typeof o.username === 'string' ? o.username : undefined,
      };
      // An account signed in to a sovereign cloud before the cloud became a setting stays in it.
      const setting = await this.cloudSetting.read();
      if ((o.cloud === 'usgov' || o.cloud === 'china') && setting.cloud === 'public') await this.cloudSetting.write({ ...setting, cloud: o.cloud });
    }).catch(() => undefined);
  }

  /** The cloud, and the ARM endpoint used with it: the host's (PGFLEX_ARM_ENDPOINT) wins over the setting. */
  private async cloud(): Promise<{ setting: AzureCloudSetting; cloud: Cloud; source: AzureAccountView['armEndpointSource'] }> {
    const setting = await this.cloudSetting.read();
    const endpoint = this.deps.armEndpoint ?? setting.armEndpoint ?? undefined;
    const source = this.deps.armEndpoint ? 'environment' : setting.armEndpoint ? 'setting' : 'cloud';
    return { setting, cloud: resolveCloud(setting.cloud, endpoint), source };
  }

  private path(): string {
    return join(this.deps.userDataDir, 'azure-session.json');
  }

  private get tokenMode(): boolean {
    return this.deps.accessToken !== undefined && this.deps.accessToken.trim() !== '';
  }

  private auth(cloud: CloudName, tenant = this.file.tenantId): AzureAuth {
    return new AzureAuth({ cloud: resolveCloud(cloud), tenant, storage: secretCache(this.deps.secrets), networkClient: this.deps.networkClient });
  }

  /** The ARM context of every Azure call; throws 'azure-signed-out' when no one is signed in. */
  async context(): Promise<ArmContext> {
    await this.loaded;
    const { cloud } = await this.cloud();
    if (this.tokenMode) return { cloud, tokens: staticTokenSource(this.deps.accessToken) };
    if (!this.file.homeAccountId) throw new UserError('azure-signed-out', 'Not signed in to Azure.', 'Sign in on the Azure screen.');
    return { cloud, tokens: this.auth(cloud.name).tokenSource(this.file.tenantId, this.file.homeAccountId) };
  }

  /**
   * A storage token for downloads, when the signed-in user has one. A host-given token is an ARM
   * token (one audience): it is never offered to the blob service.
   */
  async storageCredential(): Promise<TokenCredential | undefined> {
    if (this.tokenMode) return undefined;
    const ctx = await this.context();
    return { getToken: async () => ({ token: await ctx.tokens.getToken(ctx.cloud.scopes.storage), expiresOnTimestamp: Date.now() + 5 * 60_000 }) };
  }

  /**
   * The signed-in user's token for Azure Database for PostgreSQL (the ossrdbms-aad scope) as the
   * database password: renewed before it runs out, asked for at each new connection of a target
   * checked with it (one per account; signing out drops it). A host-given token is an ARM token:
   * it never goes to a database.
   */
  async databasePassword(): Promise<ExpiringPassword> {
    if (this.tokenMode) {
      throw new UserError('azure-signed-out', 'The app was started with an ARM access token (AZURE_ACCESS_TOKEN), which is not a database token.',
        'Use the server admin\'s password, or start the app without AZURE_ACCESS_TOKEN and sign in.');
    }
    const ctx = await this.context();
    const key = `${this.file.homeAccountId}|${this.file.tenantId ?? ''}|${ctx.cloud.scopes.postgres}`;
    if (this.dbPassword?.key !== key) {
      const { tenantId, homeAccountId } = this.file;
      const auth = this.auth(ctx.cloud.name);
      this.dbPassword = { key, source: renewingPassword((forceRefresh) => auth.getTimedToken(ctx.cloud.scopes.postgres, { tenant: tenantId, homeAccountId, forceRefresh })) };
    }
    // Asked once here, so a check fails at once (signed out, refused) rather than at its first connection.
    await this.dbPassword.source.current();
    return this.dbPassword.source;
  }

  /** The account as the renderer may see it. */
  async view(): Promise<AzureAccountView> {
    await this.loaded;
    const { setting, cloud, source } = await this.cloud();
    const base = {
      cloud: setting.cloud, armEndpoint: cloud.armEndpoint, armEndpointSource: source, problem: this.problem, tenants: this.tenants,
      downloadRoot: join(this.deps.userDataDir, 'downloads'), freshContainer: freshContainerName(), deviceCode: null,
    };
    if (this.tokenMode) return { ...base, status: 'signed-in', method: 'token', username: 'Access token (AZURE_ACCESS_TOKEN)', tenantId: this.file.tenantId ?? null };
    if (this.pending) {
      const p = this.pending.prompt;
      return { ...base, status: 'signing-in', method: 'msal', username: null, tenantId: null,
        deviceCode: p ? { userCode: p.userCode, verificationUri: p.verificationUri, message: p.message, expiresAt: new Date(this.pending.startedAt + p.expiresInSeconds * 1000).toISOString() } : null };
    }
    if (this.file.homeAccountId) return { ...base, status: 'signed-in', method: 'msal', username: this.file.username ?? null, tenantId: this.file.tenantId ?? null };
    return { ...base, status: 'signed-out', method: null, username: null, tenantId: null };
  }

  /**
   * Starts a sign-in and answers at once: with the device code to show, or "signing in" while the
   * browser is open. The renderer asks for the view again until it is signed in (or failed).
   */
  async signIn(req: AzureSignInRequest): Promise<AzureAccountView> {
    await this.loaded;
    if (this.tokenMode) return this.view();
    if (this.pending) return this.view();
    const setting = await this.cloudSetting.read();
    const cloud = req.cloud ?? setting.cloud;
    // The cloud picked on the Sign in screen is the setting from now on (no one is signed in to lose).
    if (cloud !== setting.cloud) await this.cloudSetting.write({ ...setting, cloud });
    const auth = this.auth(cloud, req.tenant);
    this.problem = null;
    const pending = { prompt: null as DeviceCodePrompt | null, startedAt: Date.now() };
    this.pending = pending;
    let promptShown!: () => void;
    const prompted = new Promise<void>((resolve) => (promptShown = resolve));
    const work: Promise<SignedInAccount> = req.method === 'device-code'
      ? auth.signInDeviceCode({ tenant: req.tenant, onPrompt: (p) => {
        pending.prompt = p;
        promptShown();
      } })
      : auth.signInInteractive({ tenant: req.tenant, openBrowser: async (url) => {
        await this.deps.openExternal(url);
        promptShown();
      } });
    const ended = work.then(async (account) => {
      this.file = { tenantId: req.tenant ?? account.tenantId, homeAccountId: account.homeAccountId, username: account.username };
      await writeJsonFile(this.path(), this.file, 0o600);
      await this.refreshTenants();
    }, (err: unknown) => {
      this.problem = problemOf(err);
    }).finally(() => {
      if (this.pending === pending) this.pending = null;
      promptShown();
    });
    // Answer once there is something to show: the code, the open browser, or the end.
    await Promise.race([prompted, ended]);
    return this.view();
  }

  /** Removes the account from the token cache (its refresh token is gone, not just forgotten). */
  async signOut(): Promise<AzureAccountView> {
    await this.loaded;
    if (!this.tokenMode) {
      await this.auth((await this.cloudSetting.read()).cloud).signOut();
      await this.deps.secrets.delete(CACHE_KEY);
    }
    this.file = {};
    this.dbPassword = null;
    this.tenants = [];
    this.problem = null;
    await writeJsonFile(this.path(), this.file, 0o600);
    return this.view();
  }

  /**
   * Changes the cloud or the ARM endpoint (already checked). The sign-in belongs to one cloud and
   * its tokens to one Resource Manager: a change signs out first (the token cache is emptied).
   * With a host-given token there is nothing to sign out of, and PGFLEX_ARM_ENDPOINT still wins.
   */
  async setCloud(next: AzureCloudSetting): Promise<{ view: AzureAccountView; signedOut: boolean }> {
    await this.loaded;
    const now = await this.cloudSetting.read();
    if (now.cloud === next.cloud && now.armEndpoint === next.armEndpoint) return { view: await this.view(), signedOut: false };
    if (this.pending) throw new UserError('bad-argument', 'A sign-in is waiting for you; the cloud cannot change under it.', 'Finish or let the sign-in end, then change the cloud.');
    const signedOut = !this.tokenMode && Boolean(this.file.homeAccountId);
    if (signedOut) await this.signOut();
    await this.cloudSetting.write(next);
    return { view: await this.view(), signedOut };
  }

  /** Reads the tenants the account belongs to (home and guest), for the tenant picker. */
  async refreshTenants(): Promise<void> {
    try {
      const list = await listTenants(await this.context());
      this.tenants = list.map((t) => ({ tenantId: t.tenantId, displayName: t.displayName, guest: t.category === 'ProjectedBy' }));
    } catch {
      // The picker stays empty; the subscriptions call reports the real problem.
      this.tenants = [];
    }
  }
}
