/**
 * The CLI's Azure session: which cloud, tenant, client id and account were signed in
 * (session-file.ts), the msal token cache (a 0600 file beside it), and the ARM context every azure
 * command uses — AZURE_ACCESS_TOKEN instead of the cache when set, --arm-endpoint /
 * PGFLEX_ARM_ENDPOINT instead of the cloud's Resource Manager.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AzureAuth } from '../../core/azure/auth/azure-auth';
import { fileCacheStorage } from '../../core/azure/auth/cache-storage';
import { staticTokenSource } from '../../core/azure/auth/static-token';
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { resolveCloud, withAuthorityHost } from '../../core/azure/clouds';
import { UserError } from '../../core/errors';
import { configDir, readSession } from './session-file';

/** Parsed flags, as node:util parseArgs returns them. */
export type Values = Record<string, unknown>;

/** A string flag's value. */
export function flag(v: Values, name: string): string | undefined {
  const x = v[name];
  return typeof x === 'string' ? x : undefined;
}

/** msal for the session's (or the flags') cloud, tenant and client id. */
export function authFor(v: Values, env = process.env): AzureAuth {
  const s = readSession(env);
  const cloud = withAuthorityHost(resolveCloud(flag(v, 'cloud') ?? s.cloud), flag(v, 'authority-host') ?? env.PGFLEX_AUTHORITY_HOST ?? s.authorityHost);
  return new AzureAuth({
    cloud, clientId: flag(v, 'client-id') ?? s.clientId ?? env.PGFLEX_AZURE_CLIENT_ID, tenant: flag(v, 'tenant') ?? s.tenantId,
    storage: fileCacheStorage(join(configDir(env), 'azure-token-cache.json')),
  });
}

/** The ARM context of an azure command. */
export function armContext(v: Values, env = process.env): ArmContext {
  const s = readSession(env);
  const cloud = resolveCloud(flag(v, 'cloud') ?? s.cloud, flag(v, 'arm-endpoint') ?? env.PGFLEX_ARM_ENDPOINT);
  if (env.AZURE_ACCESS_TOKEN !== undefined) return { cloud, tokens: staticTokenSource(env.AZURE_ACCESS_TOKEN) };
  const auth = authFor(v, env);
  return { cloud, tokens: auth.tokenSource(flag(v, 'tenant') ?? s.tenantId, s.homeAccountId) };
}

/** `--poll-interval <seconds>` in ms (default 10 s; Azure's Retry-After still wins for operations). */
export function pollIntervalMs(v: Values): number {
  const raw = flag(v, 'poll-interval');
  if (raw === undefined) return 10_000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0.01 || n > 3600) throw new UserError('bad-argument', `--poll-interval must be seconds from 0.01 to 3600, not "${raw}".`, 'For example --poll-interval 15.');
  return Math.round(n * 1000);
}

/** True when a browser can be opened here (a desktop session). */
export function canOpenBrowser(env = process.env): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Opens an https URL in the system browser (argument array, no shell). */
export async function openInBrowser(url: string): Promise<void> {
  const u = new URL(url);
  if (u.protocol !== 'https:') throw new Error(`Refusing to open ${u.protocol} URL in the browser.`);
  const [cmd, args] = process.platform === 'darwin' ? ['open', [u.href]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', u.href]] : ['xdg-open', [u.href]];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true, shell: false });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
