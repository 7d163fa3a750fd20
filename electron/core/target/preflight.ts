/**
 * Pre-flight of the target server before a replay: connects once with `pg`, reads what matters
 * (version, privileges, Azure allow-list, databases, extensions, owners, connection slots) and
 * returns the facts with a checklist. A connection failure, or the server refusing one of these
 * queries (a statement_timeout on the role, a revoked catalog privilege), throws a UserError with
 * what to do — never a raw server error.
 */
import type pg from 'pg';
import { connectTarget } from './connect';
import { queryError } from './connection-errors';
import { buildChecks, notAllowListed, type TargetFacts } from './preflight-checks';

export type { TargetFacts };
import { describeTarget } from './target-uri';
import type { ConnectionSlots, DatabaseSessions, PreflightInput, PreflightResult, TargetConnection } from './types';
import { otherGuardSql, ownGuard } from '../replay/replay-guard';

/** The pre-flight's one row: the role, the server, and each list as JSON (one round trip). */
interface FactsRow {
  server_version: string;
  server_major: number;
  current_user: string;
  rolsuper: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
  azure_extensions: string | null;
  azure_admin: boolean;
  encrypted: boolean | null;
  databases: string[] | null;
  superusers: string[] | null;
  extensions: Array<[string, boolean | null]> | null;
  owners: Array<[string, boolean]> | null;
  max: number;
  su_reserved: number;
  reserved: number;
  may_use_reserved: boolean;
  used: number;
  role_limit: number;
  role_used: number;
  sessions: Array<[string, boolean, number]> | null;
}

const isLocalHost = (host: string): boolean => host.startsWith('/') || ['localhost', '127.0.0.1', '::1'].includes(host);

/** Parses the `azure.extensions` value ('hstore,PG_TRGM, postgis') into lower-case names. */
export function parseAzureExtensions(value: string | null): string[] | null {
  if (value === null) return null;
  return value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/**
 * Everything in one statement, so a far server costs one round trip, not seven. Version-dependent
 * parts are decided in SQL: `trusted` of an extension exists from PostgreSQL 13 on (read through
 * to_jsonb, null before); giving an object to a role (ALTER … OWNER TO) needs membership up to 15,
 * SET rights from 16; `reserved_connections` exists from 16.
 */
const FACTS_SQL = `
  SELECT current_setting('server_version') AS server_version,
         current_setting('server_version_num')::int / 10000 AS server_major,
         current_user AS current_user, r.rolsuper, r.rolcreatedb, r.rolcreaterole,
         current_setting('azure.extensions', true) AS azure_extensions,
         EXISTS (SELECT 1 FROM pg_roles a
                 WHERE a.rolname = 'azure_pg_admin' AND pg_has_role(current_user, a.oid, 'MEMBER')) AS azure_admin,
         (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS encrypted,
         (SELECT json_agg(datname ORDER BY datname) FROM pg_database) AS databases,
         (SELECT json_agg(rolname ORDER BY rolname) FROM pg_roles WHERE rolsuper) AS superusers,
         (SELECT json_agg(json_build_array(name, trusted)) FROM (
            SELECT v.name, bool_or((to_jsonb(v) ->> 'trusted')::boolean) AS trusted
              FROM pg_available_extension_versions v GROUP BY v.name) e) AS extensions,
         (SELECT json_agg(json_build_array(o.rolname, pg_has_role(current_user, o.oid,
                   CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END)))
            FROM pg_roles o WHERE o.rolname = ANY($1::text[])) AS owners,
         current_setting('max_connections')::int AS max,
         current_setting('superuser_reserved_connections')::int AS su_reserved,
         coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved,
         EXISTS (SELECT 1 FROM pg_roles a WHERE a.rolname = 'pg_use_reserved_connections'
                 AND pg_has_role(current_user, a.oid, 'MEMBER')) AS may_use_reserved,
         (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
         r.rolconnlimit AS role_limit,
         (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename = current_user)::int AS role_used,
         (SELECT json_agg(json_build_array(datname, replaying, n)) FROM (
            SELECT datname, ${otherGuardSql('$2')} AS replaying, count(*)::int AS n FROM pg_stat_activity
             WHERE datname IS NOT NULL AND pid <> pg_backend_pid() AND backend_type = 'client backend' GROUP BY 1, 2) s) AS sessions
    FROM pg_roles r WHERE r.rolname = current_user`;

/** Other client sessions per database, and how many of them are another replay's guard. */
function sessionsOf(rows: FactsRow['sessions']): Record<string, DatabaseSessions> {
  const out: Record<string, DatabaseSessions> = {};
  for (const [name, replaying, n] of rows ?? []) {
    const s = (out[name] ??= { others: 0, replaying: 0 });
    if (replaying) s.replaying += n;
    else s.others += n;
  }
  return out;
}

async function readFacts(client: pg.Client, conn: TargetConnection, input: PreflightInput): Promise<TargetFacts> {
  const owners = [...new Set(input.databases.flatMap((d) => d.owners))];
  const { rows: [me] } = await client.query<FactsRow>(FACTS_SQL, [owners, ownGuard()]);
  const ownerAccess = new Map<string, boolean | null>(owners.map((o) => [o, null]));
  for (const [name, usable] of me.owners ?? []) ownerAccess.set(name, usable);
  return {
    target: describeTarget(conn),
    local: isLocalHost(conn.host),
    encrypted: me.encrypted === true,
    serverVersion: me.server_version,
    serverMajor: me.server_major,
    currentUser: me.current_user,
    isSuperuser: me.rolsuper,
    canCreateDb: me.rolcreatedb || me.rolsuper,
    canCreateRole: me.rolcreaterole || me.rolsuper,
    isAzureAdmin: me.azure_admin,
    azureExtensions: parseAzureExtensions(me.azure_extensions),
    existingDatabases: me.databases ?? [],
    sessions: sessionsOf(me.sessions),
    superuserRoles: me.superusers ?? [],
    availableExtensions: new Map(me.extensions ?? []),
    ownerAccess,
    connectionSlots: connectionSlots(me),
  };
}

/**
 * Slots the connecting role may still open: max_connections less the client sessions open and
 * the slots reserved for superusers (superuser_reserved_connections; from 16 reserved_connections
 * too, unless the role is in pg_use_reserved_connections), and its own CONNECTION LIMIT.
 */
function connectionSlots(r: FactsRow): ConnectionSlots {
  const superuser = r.rolsuper;
  const reserved = superuser ? 0 : r.su_reserved + (r.may_use_reserved ? 0 : r.reserved);
  const roleLimit = !superuser && r.role_limit >= 0 ? r.role_limit : null;
  let free = r.max - r.used - reserved;
  if (roleLimit !== null) free = Math.min(free, roleLimit - r.role_used);
  return { max: r.max, used: r.used, reserved, roleLimit, roleUsed: r.role_used, free: Math.max(0, free) };
}

/** Connects once and reads the facts the checks need for these databases (their owners and extensions). */
export async function readTargetFacts(conn: TargetConnection, input: PreflightInput): Promise<TargetFacts> {
  const client = await connectTarget(conn);
  try {
    return await readFacts(client, conn, input).catch((err: unknown) => {
      throw queryError(err, conn, 'the pre-flight');
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The checklist for a plan from facts already read (no connection): the facts may have been read
 * for more databases than the plan holds (a cache per target), only the plan's owners count.
 */
export function preflightFromFacts(facts: TargetFacts, input: PreflightInput): PreflightResult {
  const { checks, needsNoOwner } = buildChecks(facts, input);
  const { target: _target, local: _local, encrypted: _encrypted, availableExtensions: _ext, ownerAccess: _owners, ...result } = facts;
  const owners = new Set(input.databases.flatMap((d) => d.owners));
  const missingOwners = [...facts.ownerAccess].filter(([owner, access]) => access === null && owners.has(owner)).map(([owner]) => owner);
  return { ...result, existingDatabases: [...result.existingDatabases], sessions: { ...result.sessions }, superuserRoles: [...result.superuserRoles], isAzureFlexible: facts.azureExtensions !== null,
    extensionsNotAllowed: notAllowListed(facts, input), missingOwners, needsNoOwner, checks };
}

/** True when these facts answer for `wanted` (every owner it names was asked about). */
export function factsCover(facts: TargetFacts, wanted: PreflightInput): boolean {
  return wanted.databases.every((d) => d.owners.every((o) => facts.ownerAccess.has(o)));
}

/** Checks the target against the replay plan. Throws a UserError when it cannot connect. */
export async function preflight(conn: TargetConnection, input: PreflightInput): Promise<PreflightResult> {
  return preflightFromFacts(await readTargetFacts(conn, input), input);
}
