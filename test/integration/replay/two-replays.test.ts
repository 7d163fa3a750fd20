/**
 * Two replays into one server (a second terminal, the app beside the CLI, a colleague): a replace
 * never drops a database another replay is restoring. The replay holding it is a real child
 * process (each process's guard is its own); it is held mid-way, deterministically, by its roles
 * file, which waits on a role this test keeps locked — its database made, its pre-data waiting.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import { DatabaseRun } from '../../../electron/core/replay/run-database';
import { DatabaseGuard, GUARD_PREFIX } from '../../../electron/core/replay/replay-guard';
import { cli, cliProcess } from '../../support/cli';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const db = `busy_${u}`;
const role = `busy_role_${u}`;
let source: Source;

const uri = () => {
  const { user, host, port } = pgInfo();
  return `postgresql://${user}@${host}:${port}/postgres?sslmode=disable`;
};
const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });
const oidOf = async (name: string) => (await sql<{ oid: number }>('postgres', 'SELECT oid::int FROM pg_database WHERE datname = $1', [name]))[0]?.oid ?? null;
const guards = async (name: string) =>
  (await sql('postgres', `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE '${GUARD_PREFIX}%'`, [name])).length;

async function until(what: string, test: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Keeps `role`'s pg_authid row locked (an open ALTER ROLE): the roles file's ALTER ROLE of it waits. */
async function lockRole(): Promise<{ release(): Promise<void> }> {
  const { host, port, user, password } = pgInfo();
  const client = new pg.Client({ host, port, user, password, database: 'postgres' });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`ALTER ROLE ${role} CONNECTION LIMIT 7`);
  // Rolled back, so the waiting ALTER ROLE then goes through (after a commit it would fail: "tuple concurrently updated").
  return { release: async () => { await client.query('ROLLBACK'); await client.end(); } };
}

beforeAll(async () => {
  source = await makeSource([{ name: db, setupSql: 'CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g;' }],
    { rolesSql: `CREATE ROLE ${role} LOGIN` });
  await sql('postgres', `CREATE ROLE ${role} LOGIN`);
});

afterAll(async () => {
  await source?.cluster.stop();
  for (const name of [db, `${db}_w`, `${db}_g`, `${db}_r`]) await sql('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await sql('postgres', `DROP ROLE IF EXISTS ${role}`);
});

describe('two replays into one server', () => {
  it('a replace of a database another replay is restoring is refused before anything changes; once it has ended, the same replace runs', async () => {
    const lock = await lockRole();
    const child = cliProcess(['replay', source.set.outDir, '--target', uri(), '--databases', db, '--existing', 'replace', '--json'], { PGPASSWORD: pgInfo().password });
    const out = { text: '' };
    child.stdout.on('data', (d) => (out.text += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      // Its database is made and guarded while its roles file waits on the lock.
      await until('the first replay to hold its database', async () => (await guards(db)) === 1);
      const theirs = await oidOf(db);

      const planned = await cli('replay', source.set.outDir, '--target', `${uri()}&password=${encodeURIComponent(pgInfo().password)}`, '--databases', db, '--existing', 'replace', '--dry-run');
      expect(planned.stdout).toContain(`"${db}" is being restored right now by another pgflex-restore replay, and replacing it would destroy that replay's work`);

      const second = await cli('replay', source.set.outDir, '--target', `${uri()}&password=${encodeURIComponent(pgInfo().password)}`, '--databases', db, '--existing', 'replace', '--json');
      expect(second.code).toBe(3);
      const error = second.json.find((e) => e.type === 'error')?.error as { code: string; message: string; hint: string };
      expect(error.code).toBe('database-busy');
      expect(error.message).toMatch(/being restored right now by another pgflex-restore replay.*Nothing was changed/);
      expect(error.hint).toMatch(/once that replay has ended/);
      // Untouched: the same database, still guarded, and the first replay goes on.
      expect(await oidOf(db)).toBe(theirs);
      expect(await guards(db)).toBe(1);
    } finally {
      await lock.release();
    }
    const code = await exited;
    const summary = out.text.trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.type === 'summary');
    expect(code, JSON.stringify(summary)).toBe(0);
    expect(summary.databases.find((d: { name: string }) => d.name === db)).toMatchObject({ status: 'restored', verify: { ok: true } });
    expect(await sql(db, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 5000 }]);
    // Its guard ended with it: the same replace now runs.
    expect(await guards(db)).toBe(0);
    // Someone else's session in it is not a replay: the plan says it will be disconnected.
    const { host, port, user, password } = pgInfo();
    const other = new pg.Client({ host, port, user, password, database: db });
    await other.connect();
    other.on('error', () => {});
    const withSession = await cli('replay', source.set.outDir, '--target', `${uri()}&password=${encodeURIComponent(password)}`, '--databases', db, '--existing', 'replace', '--dry-run');
    expect(withSession.stdout).toContain(`"${db}" exists and will be dropped and recreated, as asked. 1 other session is connected to it and will be disconnected.`);
    const again = await cli('replay', source.set.outDir, '--target', `${uri()}&password=${encodeURIComponent(pgInfo().password)}`, '--databases', db, '--existing', 'replace', '--no-roles', '--json');
    expect(again.code).toBe(0);
    expect(await guards(db)).toBe(0);
    await other.end().catch(() => {});
  });

  it('a database replaced by someone else while it waited for workers fails as theirs: not restored into, not dropped', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(source.set.outDir, tools);
    const file = [...inspection.archives.keys()].find((f) => f.endsWith(`_database_${db}.sql`))!;
    const name = `${db}_w`;
    const run = new DatabaseRun({
      name: db, targetName: name, file: `${source.set.outDir}/${file}`, archive: inspection.archives.get(file)!, clientPath: inspection.clients.get(file)!.path, jobs: 1,
      noOwner: true, noPrivileges: true, singleTransaction: false, existing: 'fail', splitPreData: false, split: null,
    }, target(), { onLog: () => {}, onError: () => {} });
    let theirs: number | null = null;
    const result = await run.run({
      // While it waits its turn, its guard is closed, and another replay (missing it) replaces the database.
      workers: async () => {
        await until('the guard to close while waiting', async () => (await guards(name)) === 0, 5_000);
        await sql('postgres', `DROP DATABASE "${name}"`);
        await sql('postgres', `CREATE DATABASE "${name}"`);
        theirs = await oidOf(name);
        return () => {};
      },
    });
    expect(result.status).toBe('failed');
    expect(result.problem?.code).toBe('database-busy');
    expect(result.reason).toMatch(/was dropped and made again by someone else .* it was left to them/);
    // Theirs is still there, and nothing of this dump went into it.
    expect(await oidOf(name)).toBe(theirs);
    expect(await sql(name, "SELECT count(*)::int AS n FROM pg_class WHERE relname = 't'")).toEqual([{ n: 0 }]);
    expect(await guards(name)).toBe(0);
  });

  it('a retry of a database someone else made meanwhile does not drop theirs: the run\'s own choice (fail) applies', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(source.set.outDir, tools);
    const file = [...inspection.archives.keys()].find((f) => f.endsWith(`_database_${db}.sql`))!;
    const name = `${db}_r`;
    // Its turn waits on this (as on its archive check): someone makes the database first.
    let go: () => void = () => {};
    inspection.pending.set(file, new Promise<null>((r) => (go = () => r(null))));
    const run = startReplay({ inspection, target: target(), tools, options: { ...defaultOptions(), roles: false, databases: [db], rename: { [db]: name }, existing: 'fail' } }, () => {});
    await run.plan;
    await sql('postgres', `CREATE DATABASE "${name}"`);
    await sql(name, 'CREATE TABLE theirs (id int)');
    go();
    const first = await run.done;
    expect(first.databases.find((d) => d.name === db)).toMatchObject({ status: 'failed', problem: { code: 'database-exists' } });
    await run.retry(db).catch(() => undefined);
    // Theirs is untouched: still their table, none of the dump's.
    expect(await sql(name, "SELECT relname FROM pg_class WHERE relname IN ('theirs', 't') ORDER BY 1")).toEqual([{ relname: 'theirs' }]);
  });

  it('a guard the server ended (an administrator, a restart) is opened again at the next hold', async () => {
    const name = `${db}_g`;
    await sql('postgres', `CREATE DATABASE "${name}"`);
    const guard = await DatabaseGuard.open(target(), name, (await oidOf(name))!);
    const lane = await guard.hold();
    expect(await guards(name)).toBe(1);
    await sql('postgres', `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE '${GUARD_PREFIX}%'`, [name]);
    await until('the guard to end', async () => (await guards(name)) === 0, 5_000);
    // The lane's hold is still held, so the session would be kept as it is: dead, guarding nothing.
    // (Asked until the client has seen its session end: the server's word for it arrives on its own time.)
    await until('a hold to bring the guard back', async () => {
      const work = await guard.hold();
      const back = (await guards(name)) === 1;
      await work();
      return back;
    }, 10_000);
    await lane();
    expect(await guards(name)).toBe(0);
  });
});
