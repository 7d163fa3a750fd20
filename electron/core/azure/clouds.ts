/**
 * The Azure clouds this product signs in to: authority host, ARM endpoint, storage suffix and the
 * scopes of each. Anything else (Azure Stack, a test server) is reached with an explicit ARM endpoint.
 */
import { UserError } from '../errors';

export type CloudName = 'public' | 'usgov' | 'china';
export const CLOUD_NAMES: readonly CloudName[] = ['public', 'usgov', 'china'];

/** One cloud's endpoints and scopes. */
export interface Cloud {
  name: CloudName;
  /** Entra ID host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** Resource Manager, no trailing slash. Overridden by --arm-endpoint / PGFLEX_ARM_ENDPOINT. */
  armEndpoint: string;
  /** Blob endpoints end with `.blob.<suffix>`. */
  storageSuffix: string;
  scopes: { arm: string; storage: string; postgres: string };
}

export const CLOUDS: Record<CloudName, Cloud> = {
  public: {
    name: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    armEndpoint: 'https://management.azure.com',
    storageSuffix: 'core.windows.net',
    scopes: {
      arm: 'https://management.azure.com/.default',
      storage: 'https://storage.azure.com/.default',
      postgres: 'https://ossrdbms-aad.database.windows.net/.default',
    },
  },
  usgov: {
    name: 'usgov',
    authorityHost: 'https://login.microsoftonline.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    storageSuffix: 'core.usgovcloudapi.net',
    scopes: {
      arm: 'https://management.usgovcloudapi.net/.default',
      storage: 'https://storage.azure.com/.default',
      postgres: 'https://ossrdbms-aad.database.usgovcloudapi.net/.default',
    },
  },
  china: {
    name: 'china',
    authorityHost: 'https://login.chinacloudapi.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    storageSuffix: 'core.chinacloudapi.cn',
    scopes: {
      arm: 'https://management.chinacloudapi.cn/.default',
      storage: 'https://storage.azure.com/.default',
      postgres: 'https://ossrdbms-aad.database.chinacloudapi.cn/.default',
    },
  },
};

/** The Azure CLI's public client id: present in every tenant, takes loopback and device code (README "Azure sign-in"). */
export const DEFAULT_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** A cloud by name, with an optional ARM endpoint override (must be an absolute http(s) URL). */
export function resolveCloud(name: string | undefined, armEndpoint?: string): Cloud {
  const n = (name ?? 'public') as CloudName;
  if (!CLOUD_NAMES.includes(n)) {
    throw new UserError('bad-argument', `Unknown cloud "${name}".`, `Use one of ${CLOUD_NAMES.join(', ')}, or --arm-endpoint <url> for another one.`);
  }
  const cloud = CLOUDS[n];
  if (!armEndpoint) return cloud;
  return { ...cloud, armEndpoint: checkArmEndpoint(armEndpoint) };
}

/**
 * An ARM endpoint as typed (a setting, --arm-endpoint, PGFLEX_ARM_ENDPOINT), normalised without a
 * trailing slash. The user's token goes there, so: https, or plain http to this machine only (a
 * test server); no user name or password in it, no query or fragment.
 */
export function checkArmEndpoint(raw: string): string {
  const bad = (why: string) => new UserError('bad-argument', `The ARM endpoint "${raw.slice(0, 200)}" ${why}.`,
    'Give the Resource Manager address, e.g. https://management.azure.com (plain http only to a test server on 127.0.0.1 or localhost).');
  if (raw.length > 2048 || /[\s\0]/.test(raw.trim())) throw bad('is not a plain address');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad('is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) throw bad('is neither https nor on this machine');
  if (url.username || url.password) throw bad('carries a user name or password');
  if (url.search || url.hash) throw bad('has a query or fragment');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/**
 * The cloud with another Entra ID host (`--authority-host` / PGFLEX_AUTHORITY_HOST): an Azure Stack
 * or sovereign deployment this table does not list, or a test stand-in. https only — msal sends
 * the user's credentials there.
 */
export function withAuthorityHost(cloud: Cloud, host: string | undefined): Cloud {
  if (!host) return cloud;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new UserError('bad-argument', `The authority host "${host}" is not a URL.`, 'For example --authority-host https://login.microsoftonline.com');
  }
  if (url.protocol !== 'https:' || url.pathname.replace(/\/+$/, '') !== '' || url.search) {
    throw new UserError('bad-argument', `The authority host ${host} must be an https origin without a path.`, 'For example --authority-host https://login.microsoftonline.us (the tenant is given with --tenant).');
  }
  return { ...cloud, authorityHost: url.origin };
}

/** True when `host` is the Entra ID host of one of the listed clouds (msal knows those; any other must be declared to it). */
export function isKnownAuthorityHost(host: string): boolean {
  return CLOUD_NAMES.some((n) => CLOUDS[n].authorityHost === host);
}

/** Loopback hosts, the only ones a bearer token may reach over plain http (emulators, test servers). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
