/**
 * The pre-flight verdicts, from facts gathered on the target and the replay plan. Pure, so each
 * rule is tested without a server; `preflight.ts` gathers the facts.
 */
import { minWriterMajorFor } from '../binaries/archive-versions';
import type { ConnectionSlots, PreflightCheck, PreflightInput, PreflightResult } from './types';

/** What `preflight.ts` read from the server. */
export interface TargetFacts extends Omit<PreflightResult, 'checks' | 'needsNoOwner' | 'isAzureFlexible' | 'missingOwners' | 'extensionsNotAllowed'> {
  /** `user@host:port/db`. */
  target: string;
  /** The host is this machine (loopback or a socket). */
  local: boolean;
  encrypted: boolean;
  /** Extension name → trusted (null when the server is too old to say). */
  availableExtensions: Map<string, boolean | null>;
  /** Owner role → whether the connecting role may take it on (null: the role does not exist). */
  ownerAccess: Map<string, boolean | null>;
}

// Always present and never listed in azure.extensions.
const BUILT_IN_EXTENSIONS = new Set(['plpgsql']);

const list = (names: Iterable<string>): string => [...names].map((n) => `"${n}"`).join(', ');

/** Builds the checklist (reachable, version, privileges, conflicts, extensions, ownership). */
export function buildChecks(facts: TargetFacts, input: PreflightInput): { checks: PreflightCheck[]; needsNoOwner: boolean } {
  const ownership = ownershipCheck(facts, input);
  return {
    checks: [reachableCheck(facts), versionCheck(facts, input), privilegesCheck(facts, input), conflictsCheck(facts, input), extensionsCheck(facts, input), ownership.check, slotsCheck(facts, input)],
    needsNoOwner: ownership.needsNoOwner,
  };
}

function reachableCheck(f: TargetFacts): PreflightCheck {
  const base = { id: 'reachable', label: 'Target reachable' } as const;
  if (f.encrypted) return { ...base, status: 'ok', detail: `Connected to ${f.target} over TLS.` };
  if (f.local) return { ...base, status: 'ok', detail: `Connected to ${f.target} (this machine, not encrypted).` };
  return {
    ...base,
    status: 'warn',
    detail: `Connected to ${f.target}, but the connection is not encrypted.`,
    fix: 'Use sslmode=require (or verify-full) so passwords and data do not cross the network in clear.',
  };
}

function versionCheck(f: TargetFacts, input: PreflightInput): PreflightCheck {
  const base = { id: 'server-version', label: 'Server version' } as const;
  const newer = [...new Set(input.archiveVersions)]
    .map((v) => ({ v, min: minWriterMajorFor(v) }))
    .filter((a) => a.min > f.serverMajor);
  if (!newer.length) return { ...base, status: 'ok', detail: `PostgreSQL ${f.serverVersion}.` };
  const from = newer.map((a) => `archive ${a.v} (pg_dump ${a.min} or later)`).join(', ');
  return {
    ...base,
    status: 'warn',
    detail: `PostgreSQL ${f.serverVersion}, older than the dumps: ${from}. Statements using newer features will fail.`,
    fix: `Restore into a server of major version ${Math.max(...newer.map((a) => a.min))} or later if you can.`,
  };
}

function privilegesCheck(f: TargetFacts, input: PreflightInput): PreflightCheck {
  const base = { id: 'privileges', label: 'Privileges' } as const;
  if (f.isSuperuser) return { ...base, status: 'ok', detail: `"${f.currentUser}" is a superuser.` };
  const who = f.isAzureAdmin ? `"${f.currentUser}" is an Azure Flexible Server admin (member of azure_pg_admin), not a superuser` : `"${f.currentUser}" is not a superuser`;
  const has = [f.canCreateDb ? 'CREATEDB' : 'no CREATEDB', f.canCreateRole ? 'CREATEROLE' : 'no CREATEROLE'].join(', ');
  const toCreate = input.databases.filter((d) => !f.existingDatabases.includes(d.targetName));
  if (!f.canCreateDb && toCreate.length) {
    return {
      ...base,
      status: 'fail',
      detail: `${who}; ${has}: it cannot create ${list(toCreate.map((d) => d.targetName))}.`,
      fix: 'Connect as a role with CREATEDB (on Azure, the server admin), or ALTER ROLE … CREATEDB.',
    };
  }
  if (!f.canCreateRole) {
    return {
      ...base,
      status: 'warn',
      detail: `${who}; ${has}: the roles file cannot be replayed.`,
      fix: 'Skip the roles, or connect as a role with CREATEROLE (on Azure, the server admin).',
    };
  }
  return { ...base, status: 'ok', detail: `${who}; ${has}. Roles are made safe for a non-superuser before the replay.` };
}

function conflictsCheck(f: TargetFacts, input: PreflightInput): PreflightCheck {
  const base = { id: 'name-conflicts', label: 'Database names free' } as const;
  const names = input.databases.map((d) => d.targetName);
  const existing = names.filter((n) => f.existingDatabases.includes(n));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (existing.length || twice.length) {
    const parts = [];
    if (existing.length) parts.push(`already on the target: ${list(existing)}`);
    if (twice.length) parts.push(`chosen for more than one dump: ${list(new Set(twice))}`);
    return {
      ...base,
      status: 'fail',
      detail: `Target database names ${parts.join('; ')}.`,
      fix: 'Choose other target names, or drop those databases on the target first.',
    };
  }
  return { ...base, status: 'ok', detail: names.length ? (names.length === 1 ? `The target database "${names[0]}" does not exist yet.` : `None of the ${names.length} target databases exists yet.`) : 'No database to restore.' };
}

/** Extension → the target databases whose dumps create it (the built-in ones left out). */
function extensionNeeders(input: PreflightInput): Map<string, string[]> {
  const needers = new Map<string, string[]>();
  for (const db of input.databases) {
    for (const ext of db.extensions) {
      if (BUILT_IN_EXTENSIONS.has(ext)) continue;
      needers.set(ext, [...(needers.get(ext) ?? []), db.targetName]);
    }
  }
  return needers;
}

/** Extensions the dumps need that the server has but its `azure.extensions` does not allow (none off Azure). */
export function notAllowListed(f: Pick<TargetFacts, 'azureExtensions' | 'availableExtensions'>, input: PreflightInput): string[] {
  if (!f.azureExtensions) return [];
  return [...extensionNeeders(input).keys()].filter((e) => f.availableExtensions.has(e) && !f.azureExtensions!.includes(e.toLowerCase()));
}

function extensionsCheck(f: TargetFacts, input: PreflightInput): PreflightCheck {
  const base = { id: 'extensions', label: 'Extensions available' } as const;
  const needers = extensionNeeders(input);
  const by = (ext: string): string => `${ext} (${list(needers.get(ext) ?? [])})`;
  const missing = [...needers.keys()].filter((e) => !f.availableExtensions.has(e));
  const notAllowed = notAllowListed(f, input);
  const untrusted =
    !f.isSuperuser && !f.azureExtensions ? [...needers.keys()].filter((e) => f.availableExtensions.get(e) === false) : [];
  if (missing.length || notAllowed.length) {
    const parts = [];
    if (missing.length) parts.push(`not installed on the server: ${missing.map(by).join(', ')}`);
    if (notAllowed.length) parts.push(`not allow-listed in azure.extensions: ${notAllowed.map(by).join(', ')}`);
    const fixes = [];
    if (notAllowed.length) {
      const value = [...f.azureExtensions!, ...notAllowed.map((e) => e.toLowerCase())].join(',');
      fixes.push(`In the Azure portal, open the server → Server parameters → azure.extensions, add ${notAllowed.join(', ')} (the value becomes "${value}"), save, and re-check; or run az postgres flexible-server parameter set --name azure.extensions --value ${value} with the server's --resource-group and --server-name.`);
    }
    if (missing.length) fixes.push(`Install ${missing.join(', ')} on the server, or restore without them (their objects will fail).`);
    return { ...base, status: 'fail', detail: `Extensions ${parts.join('; ')}.`, fix: fixes.join(' ') };
  }
  if (untrusted.length) {
    return {
      ...base,
      status: 'warn',
      detail: `Only a superuser can create ${untrusted.map(by).join(', ')} (not trusted extensions).`,
      fix: 'Restore as a superuser, or have one create these extensions in the new databases.',
    };
  }
  const n = needers.size;
  const azure = f.azureExtensions ? ' and allow-listed in azure.extensions' : '';
  return { ...base, status: 'ok', detail: n ? `All ${n} extensions are available${azure}.` : 'The dumps need no extension.' };
}

function ownershipCheck(f: TargetFacts, input: PreflightInput): { check: PreflightCheck; needsNoOwner: boolean } {
  const base = { id: 'ownership', label: 'Object owners' } as const;
  const owners = [...new Set(input.databases.flatMap((d) => d.owners))];
  if (f.isSuperuser) {
    return { check: { ...base, status: 'ok', detail: 'A superuser can give objects to any owner.' }, needsNoOwner: false };
  }
  const absent = owners.filter((o) => o !== f.currentUser && f.ownerAccess.get(o) === null);
  const denied = owners.filter((o) => o !== f.currentUser && f.ownerAccess.get(o) === false);
  if (!absent.length && !denied.length) {
    const detail = owners.length ? `"${f.currentUser}" can act as every owner (${list(owners)}).` : 'The dumps name no owner.';
    return { check: { ...base, status: 'ok', detail }, needsNoOwner: false };
  }
  const parts = [];
  if (denied.length) parts.push(`"${f.currentUser}" is not a member of ${list(denied)}`);
  if (absent.length) parts.push(`${list(absent)} do${absent.length === 1 ? 'es' : ''} not exist on the target yet`);
  return {
    check: {
      ...base,
      status: 'warn',
      detail: `${parts.join('; ')}, so their objects cannot be given to them.`,
      fix: `Restore with --no-owner (objects will belong to "${f.currentUser}"), or after the roles replay run GRANT <owner> TO "${f.currentUser}" for each owner and re-check.`,
    },
    needsNoOwner: true,
  };
}

/**
 * The most connections a replay of `databases` with a budget of `jobs` workers holds at once:
 * every worker (`pg_restore --jobs N` opens one per worker, plus its leader's; `--jobs 1` is one
 * serial connection), a pre-data pass per other database being prepared beside them, and psql
 * for the roles file, and the guard session of each database being prepared or holding workers
 * (replay-guard.ts). The engine's own session reuses the pre-flight's slot.
 */
export function connectionsNeeded(jobs: number, databases: number): number {
  const j = Math.max(1, jobs);
  if (databases <= 0) return 1;
  const leaders = j > 1 ? Math.min(j, databases) : 0;
  const guards = Math.min(databases, 2 * j);
  return j + leaders + Math.min(j, databases - 1) + guards + 1;
}

/** The largest job budget whose connections fit in `free` slots (0 when not even one worker fits). */
function jobsThatFit(free: number, databases: number): number {
  let j = 0;
  while (j < 64 && connectionsNeeded(j + 1, databases) <= free) j++;
  return j;
}

function slotsCheck(f: TargetFacts, input: PreflightInput): PreflightCheck {
  const base = { id: 'connection-slots', label: 'Connection slots' } as const;
  const s: ConnectionSlots = f.connectionSlots;
  const jobs = Math.max(1, input.jobs ?? 1);
  const needed = connectionsNeeded(jobs, input.databases.length);
  const why = `max_connections ${s.max}, ${s.used} in use${s.reserved ? `, ${s.reserved} reserved for superusers` : ''}` +
    (s.roleLimit !== null ? `; "${f.currentUser}" may open ${s.roleLimit} (CONNECTION LIMIT), ${s.roleUsed} open` : '');
  if (s.free >= needed) return { ...base, status: 'ok', detail: `${s.free} free connection slot(s) (${why}); the replay needs up to ${needed}.` };
  const fit = jobsThatFit(s.free, input.databases.length);
  return {
    ...base,
    status: 'fail',
    detail: `Only ${s.free} connection slot(s) are free for "${f.currentUser}" (${why}), and the replay with --jobs ${jobs} needs up to ${needed}: pg_restore's workers would be refused part-way ("remaining connection slots are reserved").`,
    fix: fit > 0
      ? `Replay with --jobs ${fit} (or fewer databases at once), or raise max_connections, or end idle sessions on the server.`
      : 'Free connections on the server (end idle sessions), or raise max_connections (on Azure: Server parameters → max_connections), then check again.',
  };
}
