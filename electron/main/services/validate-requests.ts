/** Run-time checks of the contract's compound arguments: target input, replay options, settings. */
import type { ReplayOptions, Settings, TargetInput } from '../../contract';
import { EXISTING_POLICIES, MAX_JOBS, OWNER_POLICIES, SSL_MODES } from '../../shared/replay-options';
import { badArgument, checkBool, checkEnum, checkInt, checkObject, checkPgName, checkString } from './validate';

export const THEMES: readonly Settings['theme'][] = ['light', 'dark', 'system'];

/** What the connection form sent; the password may be empty (trust/peer auth, or a passfile). */
export function checkTargetInput(value: unknown): TargetInput {
  if (typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'sandbox') {
    checkObject(value, 'Target', ['kind']);
    return { kind: 'sandbox' };
  }
  const o = checkObject(value, 'Target', ['kind', 'host', 'port', 'user', 'password', 'database', 'sslmode']);
  checkEnum(o.kind, 'Target kind', ['server', 'sandbox'] as const);
  const host = checkString(o.host, 'Host', { max: 255 }).trim();
  if (!host || /[\s\0]/.test(host)) throw badArgument(`Host "${host}" is not a host name or address.`, 'Enter a host name such as myserver.postgres.database.azure.com, or an IP address.');
  return {
    kind: 'server',
    host,
    port: checkInt(o.port, 'Port', 1, 65535),
    user: checkPgName(o.user, 'User'),
    // Entra ID access tokens used as passwords run to a few kilobytes.
    password: checkString(o.password, 'Password', { max: 16384, allowEmpty: true }),
    database: o.database === undefined || o.database === '' ? 'postgres' : checkPgName(o.database, 'Database'),
    sslmode: checkEnum(o.sslmode, 'SSL mode', SSL_MODES),
  };
}

const OPTION_KEYS = [
  'jobs', 'databases', 'includeSystem', 'existing', 'rename', 'owner', 'noPrivileges', 'singleTransaction',
  'roles', 'schemaFile', 'tablespacesFile',
] as const;

/** Replay options, every field checked; database and new names are bounded PostgreSQL names. */
export function checkReplayOptions(value: unknown): ReplayOptions {
  const o = checkObject(value, 'Options', OPTION_KEYS);
  let databases: string[] | undefined;
  if (o.databases !== undefined) {
    if (!Array.isArray(o.databases) || o.databases.length > 10_000) throw badArgument('Options.databases must be a list of names.');
    databases = o.databases.map((d, i) => checkPgName(d, `Database #${i + 1}`));
  }
  const rename: Record<string, string> = {};
  const r = o.rename === undefined ? {} : checkObject(o.rename, 'Options.rename', Object.keys(o.rename ?? {}));
  for (const [from, to] of Object.entries(r)) {
    // Own, safe keys only: a name like "__proto__" would otherwise reach the prototype.
    Object.defineProperty(rename, checkPgName(from, 'Database'), {
      value: checkPgName(to, `New name for "${from}"`), enumerable: true, writable: true, configurable: true,
    });
  }
  return {
    jobs: checkInt(o.jobs, 'Jobs', 1, MAX_JOBS),
    ...(databases ? { databases } : {}),
    includeSystem: checkBool(o.includeSystem, 'includeSystem'),
    existing: checkEnum(o.existing, 'When a database exists', EXISTING_POLICIES),
    rename,
    owner: checkEnum(o.owner, 'Owners', OWNER_POLICIES),
    noPrivileges: checkBool(o.noPrivileges, 'noPrivileges'),
    singleTransaction: o.singleTransaction === undefined ? false : checkBool(o.singleTransaction, 'singleTransaction'),
    roles: checkBool(o.roles, 'roles'),
    schemaFile: checkBool(o.schemaFile, 'schemaFile'),
    tablespacesFile: checkBool(o.tablespacesFile, 'tablespacesFile'),
  };
}

/** A settings change; `recent` is main's to keep and cannot be set from outside. */
export function checkSettingsPatch(value: unknown): Partial<Omit<Settings, 'recent'>> {
  const o = checkObject(value, 'Settings', ['theme', 'clientToolsPath', 'defaultJobs']);
  const patch: Partial<Omit<Settings, 'recent'>> = {};
  if (o.theme !== undefined) patch.theme = checkEnum(o.theme, 'Theme', THEMES);
  if (o.defaultJobs !== undefined) patch.defaultJobs = checkInt(o.defaultJobs, 'Default jobs', 1, MAX_JOBS);
  if (o.clientToolsPath !== undefined) {
    patch.clientToolsPath = o.clientToolsPath === null || o.clientToolsPath === ''
      ? null
      : checkString(o.clientToolsPath, 'Client tools path', { max: 4096 });
  }
  return patch;
}
