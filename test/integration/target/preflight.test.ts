import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../electron/core/errors';
import { preflight } from '../../../electron/core/target/preflight';
import type { PreflightInput, TargetConnection } from '../../../electron/core/target/types';
import { freePort } from '../../support/pg-cluster';
import { pgInfo, sql, uniq } from '../../support/pg';

const u = uniq();
const existingDb = `pf_exists_${u}`;
const azureDb = `pf_azure_${u}`;
const admin = `pf_admin_${u}`;
const owned = `pf_owner_${u}`;
const foreign = `pf_foreign_${u}`;
const nologin = `pf_nologin_${u}`;
const slow = `pf_slow_${u}`;
const limited = `pf_limited_${u}`;
const adminPassword = 'admin:pw';

const superConn = (): TargetConnection => {
  const p = pgInfo();
  return { host: p.host, port: p.port, user: p.user, password: p.password, database: 'postgres', sslmode: 'disable' };
};
const plan = (over: Partial<PreflightInput['databases'][number]> = {}): PreflightInput => ({
  databases: [{ name: 'shop', targetName: `pf_new_${u}`, extensions: ['plpgsql', 'pg_trgm'], owners: [], ...over }],
  archiveVersions: ['1.14'],
});

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('preflight against the real cluster', () => {
  beforeAll(async () => {
    await sql('postgres', `CREATE DATABASE ${existingDb}`);
    await sql('postgres', `CREATE DATABASE ${azureDb}`);
    // Azure exposes its allow-list as the azure.extensions parameter; a per-database placeholder
    // setting gives this one database the same look without touching the shared cluster.
    await sql('postgres', `ALTER DATABASE ${azureDb} SET azure.extensions = 'HSTORE, pg_trgm'`);
    await sql('postgres', `CREATE ROLE ${admin} LOGIN CREATEDB CREATEROLE PASSWORD '${adminPassword}'`);
    await sql('postgres', `CREATE ROLE ${owned} NOLOGIN; CREATE ROLE ${foreign} NOLOGIN; CREATE ROLE ${nologin} NOLOGIN PASSWORD 'x'`);
    await sql('postgres', `GRANT ${owned} TO ${admin}`);
    // A role whose every query outlives its statement_timeout: its search_path puts a slow
    // current_setting() (the pre-flight's first call) before pg_catalog's.
    await sql('postgres', `CREATE ROLE ${slow} LOGIN PASSWORD 'pw'; CREATE SCHEMA ${slow} AUTHORIZATION ${slow}`);
    await sql('postgres', `CREATE FUNCTION ${slow}.current_setting(text) RETURNS text LANGUAGE sql AS $$ SELECT pg_sleep(2)::text || pg_catalog.current_setting($1) $$`);
    await sql('postgres', `ALTER ROLE ${slow} SET search_path = ${slow}, pg_catalog; ALTER ROLE ${slow} SET statement_timeout = '200ms'`);
    await sql('postgres', `CREATE ROLE ${limited} LOGIN CREATEDB PASSWORD 'pw' CONNECTION LIMIT 4`);
  });
  afterAll(async () => {
    await sql('postgres', `DROP DATABASE IF EXISTS ${existingDb}`);
    await sql('postgres', `DROP DATABASE IF EXISTS ${azureDb}`);
    await sql('postgres', `DROP SCHEMA IF EXISTS ${slow} CASCADE`);
    await sql('postgres', `DROP ROLE IF EXISTS ${admin}, ${owned}, ${foreign}, ${nologin}, ${slow}, ${limited}`);
  });

  it('passes as the superuser and reports the facts', async () => {
    const r = await preflight(superConn(), plan({ owners: [foreign] }));
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['reachable', 'ok'],
      ['server-version', 'ok'],
      ['privileges', 'ok'],
      ['name-conflicts', 'ok'],
      ['extensions', 'ok'],
      ['ownership', 'ok'],
      ['connection-slots', 'ok'],
    ]);
    expect(r.connectionSlots.max).toBe(Number((await sql<{ m: string }>('postgres', "SELECT current_setting('max_connections') AS m"))[0].m));
    expect(r.connectionSlots.used).toBeGreaterThanOrEqual(1);
    expect(r.connectionSlots).toMatchObject({ reserved: 0, roleLimit: null });
    const server = (await sql<{ v: string }>('postgres', "SELECT current_setting('server_version') AS v"))[0].v;
    expect(r).toMatchObject({ serverVersion: server, serverMajor: Number(server.split('.')[0]), currentUser: pgInfo().user });
    expect(r).toMatchObject({ isSuperuser: true, canCreateDb: true, canCreateRole: true, isAzureFlexible: false, needsNoOwner: false });
    expect(r.existingDatabases).toContain(existingDb);
    expect(r.checks[0].detail).toMatch(/this machine, not encrypted/);
  });

  it('fails a database name that already exists', async () => {
    const r = await preflight(superConn(), plan({ targetName: existingDb }));
    const c = r.checks.find((x) => x.id === 'name-conflicts')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toContain(`"${existingDb}"`);
  });

  it('fails an extension the server does not have', async () => {
    const r = await preflight(superConn(), plan({ extensions: ['pg_trgm', 'no_such_extension'] }));
    const c = r.checks.find((x) => x.id === 'extensions')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/not installed on the server: no_such_extension/);
  });

  it('reads the Azure allow-list and fails what it lacks', async () => {
    const r = await preflight({ ...superConn(), database: azureDb }, plan({ extensions: ['hstore', 'pg_trgm', 'citext'] }));
    expect(r.isAzureFlexible).toBe(true);
    expect(r.azureExtensions).toEqual(['hstore', 'pg_trgm']);
    const c = r.checks.find((x) => x.id === 'extensions')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/not allow-listed in azure.extensions: citext/);
    expect(c.fix).toMatch(/azure.extensions, add citext/);
  });

  it('tells a non-superuser which owners it cannot take on, and to use --no-owner', async () => {
    const conn = { ...superConn(), user: admin, password: adminPassword };
    const r = await preflight(conn, plan({ owners: [admin, owned, foreign, `pf_ghost_${u}`], extensions: ['hstore', 'dblink'] }));
    expect(r).toMatchObject({ isSuperuser: false, canCreateDb: true, canCreateRole: true, isAzureAdmin: false, needsNoOwner: true });
    const own = r.checks.find((x) => x.id === 'ownership')!;
    expect(own.status).toBe('warn');
    expect(own.detail).toBe(`"${admin}" is not a member of "${foreign}"; "pf_ghost_${u}" does not exist on the target yet, so their objects cannot be given to them.`);
    expect(own.fix).toMatch(/--no-owner/);
    // dblink is not a trusted extension: a non-superuser cannot create it.
    expect(r.checks.find((x) => x.id === 'extensions')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/dblink/) });

    const fine = await preflight(conn, plan({ owners: [admin, owned] }));
    expect(fine.needsNoOwner).toBe(false);
  });

  it('turns a wrong password into target-auth', async () => {
    const e = await userError(preflight({ ...superConn(), password: 'not-the-password' }, plan()));
    expect(e.code).toBe('target-auth');
    expect(e.message).toContain(`${pgInfo().host}:${pgInfo().port}`);
    expect(e.details.code).toBe('28P01');
  });

  it('turns a port with nothing listening into target-unreachable, naming host and port', async () => {
    const port = await freePort();
    const e = await userError(preflight({ ...superConn(), port }, plan()));
    expect(e.code).toBe('target-unreachable');
    expect(e.message).toBe(`Nothing accepts connections at ${pgInfo().host}:${port}.`);
    expect(e.hint).toBe('Check the host name and port, that the server is running and listening on that address (listen_addresses), and that no firewall is in the way.');
  });

  it('explains a role without LOGIN (SQLSTATE 28000)', async () => {
    const e = await userError(preflight({ ...superConn(), user: nologin, password: 'x' }, plan()));
    expect(e.code).toBe('target-refused');
    expect(e.details.code).toBe('28000');
    expect(e.hint).toMatch(/LOGIN/);
  });

  it('explains sslmode=require against a server without TLS, and falls back for prefer', async () => {
    const e = await userError(preflight({ ...superConn(), sslmode: 'require' }, plan()));
    expect(e.code).toBe('target-refused');
    expect(e.message).toMatch(/does not accept encrypted connections/);
    const r = await preflight({ ...superConn(), sslmode: 'prefer' }, plan());
    expect(r.checks[0].status).toBe('ok');
  });

  it('a server error during the pre-flight is target-refused with what to do, never a raw error', async () => {
    const e = await userError(preflight({ ...superConn(), user: slow, password: 'pw' }, plan()));
    expect(e.code).toBe('target-refused');
    expect(e.message).toMatch(/cancelled a query of the pre-flight: canceling statement due to statement timeout/);
    expect(e.hint).toContain(`ALTER ROLE "${slow}" RESET statement_timeout`);
    expect(e.details.code).toBe('57014');
  });

  it('counts the slots a role with a CONNECTION LIMIT may still open against the job budget', async () => {
    const conn = { ...superConn(), user: limited, password: 'pw' };
    const one = await preflight(conn, { ...plan(), jobs: 1 });
    // Limit 4, this pre-flight's own session open: 3 left; --jobs 1 needs pg_restore, its database's guard and psql.
    expect(one.connectionSlots).toMatchObject({ roleLimit: 4, roleUsed: 1, free: 3 });
    expect(one.checks.find((c) => c.id === 'connection-slots')!.status).toBe('ok');
    const four = await preflight(conn, { ...plan(), jobs: 4 });
    const c = four.checks.find((x) => x.id === 'connection-slots')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/CONNECTION LIMIT/);
    expect(c.fix).toMatch(/--jobs 1 /);
  });
});
