/**
 * The replay does what its plan says and says what it did: two sources for one target name are
 * refused before anything changes (CLI and engine); a rolled-back all-or-nothing run is "failed",
 * with one job; a failed database carries its reason as an error and in the log; the report
 * keeps its own set's backup time and folder; a replace waits for other sessions (as a
 * Flexible-like admin) and says so; the saved script, run by sh, restores the same data.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { UserError } from '../../../electron/core/errors';
import { inspectFolder } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions, planReplay } from '../../../electron/core/replay/plan-replay';
import { replayScript, SAFE_ROLES_FILE } from '../../../electron/core/replay/replay-script';
import { reportJson, reportMarkdown } from '../../../electron/core/replay/report';
import { prepareDatabase } from '../../../electron/core/replay/target-database';
import type { ReplayEvent } from '../../../electron/core/replay/types';
import { cli } from '../../support/cli';
import { pgInfo, sql, uniq } from '../../support/pg';
import { fingerprint, makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const crm = `crm_${u}`;
const shop = `shop_${u}`;
const strict = `strict_${u}`;
const srcOwner = `srcowner_${u}`;
const admin = `flexadmin_${u}`;
const made: string[] = [];
let source: Source;

const superTarget = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });
const flexTarget = () => ({ host: pgInfo().host, port: pgInfo().port, user: admin, password: 'flex-pw', database: 'postgres', sslmode: 'disable' as const });
const uri = () => `postgresql://${pgInfo().user}:${encodeURIComponent(pgInfo().password)}@127.0.0.1:${pgInfo().port}/postgres?sslmode=disable`;
const exists = async (name: string) => (await sql('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;

beforeAll(async () => {
  source = await makeSource([
    { name: crm, setupSql: `CREATE TABLE customers (id int PRIMARY KEY, name text); INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 300) g;` },
    { name: shop, setupSql: `CREATE TABLE orders (id int PRIMARY KEY, total int); INSERT INTO orders SELECT g, g * 3 FROM generate_series(1, 500) g;` },
    // Owned by a role only the source has: with owners kept, the restore meets an error.
    { name: strict, setupSql: `CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 50); ALTER TABLE t OWNER TO ${srcOwner};` },
  ], { rolesSql: `CREATE ROLE ${srcOwner} NOLOGIN;`, piped: true });
  await sql('postgres', `DO $$ BEGIN CREATE ROLE azure_pg_admin NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  await sql('postgres', `CREATE ROLE ${admin} LOGIN CREATEDB CREATEROLE PASSWORD 'flex-pw'`);
  await sql('postgres', `GRANT azure_pg_admin TO ${admin}`);
}, 240_000);

afterAll(async () => {
  await source?.cluster.stop();
  for (const n of [crm, shop, strict, ...made]) await sql('postgres', `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`).catch(() => undefined);
  await sql('postgres', `DROP ROLE IF EXISTS ${admin}`).catch(() => undefined);
});

describe('the plan is what runs', () => {
  it('refuses two databases renamed onto one name before changing anything (CLI)', async () => {
    // "shop" exists on the target and holds something the user cares about.
    await sql('postgres', `CREATE DATABASE "${shop}"`);
    await sql(shop, 'CREATE TABLE precious (id int); INSERT INTO precious VALUES (42)');
    for (const jobs of ['1', '2']) {
      const r = await cli('replay', source.set.outDir, '--target', uri(), '--databases', `${crm},${shop}`, '--rename', `${crm}=${shop}`,
        '--existing', 'replace', '--jobs', jobs, '--no-roles', '--json');
      const error = (r.json.find((e) => e.type === 'error') as { error: { message: string } } | undefined)?.error;
      expect(r.code, r.stdout).toBe(2);
      expect(error?.message).toContain(`"${crm}" and "${shop}" → "${shop}"`);
      expect(error?.message).toMatch(/Nothing was changed/);
      const plan = r.json.find((e) => e.type === 'plan') as { plan: { clashes: Array<{ targetName: string; sources: string[] }> } };
      expect(plan.plan.clashes).toEqual([{ targetName: shop, sources: [crm, shop] }]);
    }
    expect(await sql(shop, 'SELECT id FROM precious')).toEqual([{ id: 42 }]);
    expect(await exists(crm)).toBe(false);
    await sql('postgres', `DROP DATABASE "${shop}" WITH (FORCE)`);
  });

  it('refuses to replace a database the server cannot drop (the one connected to, a template), before changing anything (CLI)', async () => {
    for (const into of ['postgres', 'template1']) {
      const plan = await cli('replay', source.set.outDir, '--target', uri(), '--databases', `${crm},${shop}`, '--rename', `${crm}=${into}`, '--existing', 'replace', '--no-roles', '--dry-run', '--json');
      const planned = (plan.json.find((e) => e.type === 'plan') as { plan: { databases: Array<{ name: string; reasons: string[] }> } }).plan.databases.find((d) => d.name === crm)!;
      expect(planned.reasons.join(' ')).toMatch(/the replay will not start until it is renamed or skipped/);
      expect(planned.reasons.join(' ')).not.toMatch(/will be dropped and recreated/);
      const r = await cli('replay', source.set.outDir, '--target', uri(), '--databases', `${crm},${shop}`, '--rename', `${crm}=${into}`, '--existing', 'replace', '--no-roles', '--json');
      expect(r.code, r.stdout).toBe(2);
      const error = (r.json.find((e) => e.type === 'error') as { error: { message: string; hint: string } }).error;
      expect(error.message).toMatch(into === 'postgres' ? /"postgres" is the database this connection works from/ : /"template1" is a template database/);
      expect(error.message).toMatch(/Nothing was changed\.$/);
      expect(r.json.some((e) => e.type === 'database-start')).toBe(false);
      expect(await exists(shop)).toBe(false);
    }
  });

  it('an all-or-nothing run that meets an error is failed and rolled back, with one job', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(source.set.outDir, tools);
    const target = `${strict}_st`;
    made.push(target);
    const events: ReplayEvent[] = [];
    const run = startReplay({
      inspection, target: superTarget(), tools,
      options: { ...defaultOptions(), jobs: 4, databases: [strict], rename: { [strict]: target }, owner: 'keep', singleTransaction: true, roles: false },
    }, (e) => events.push(e));
    const summary = await run.done;
    const d = summary.databases.find((x) => x.name === strict)!;
    expect(d.status).toBe('failed');
    expect(d.reason).toMatch(/rolled the whole restore back/);
    expect(d.errors.some((e) => !e.benign)).toBe(true);
    expect(summary.ok).toBe(false);
    const started = events.find((e) => e.type === 'database-start');
    expect(started).toMatchObject({ jobs: 1 });
    const last = events.filter((e) => e.type === 'progress').at(-1) as Extract<ReplayEvent, { type: 'progress' }>;
    expect(last.databases.find((x) => x.name === strict)).toMatchObject({ status: 'failed', fraction: 0, jobs: 1 });
    // Nothing landed, so the database this run created is gone again: a retry starts clean.
    expect(d.reason).toMatch(/was dropped again/);
    expect(await exists(target)).toBe(false);
    // A failed database is in the log as an error line.
    expect(events.some((e) => e.type === 'log' && e.source === strict && /error: .*was not restored/.test(e.line))).toBe(true);
  });

  it('the report keeps its own set, backup time and commands as run', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(source.set.outDir, tools);
    const target = `${crm}_rep`;
    made.push(target);
    const run = startReplay({ inspection, target: superTarget(), tools, options: { ...defaultOptions(), jobs: 2, databases: [crm], rename: { [crm]: target }, roles: false } }, () => {});
    const plan = await run.plan;
    const summary = await run.done;
    expect(summary.ok).toBe(true);
    expect(summary.source.folder).toBe(source.set.outDir);
    const md = reportMarkdown(summary, plan);
    expect(md).toContain(`Restore set: ${source.set.outDir}`);
    expect(md).toContain(`Backup taken: ${inspection.set.marker!.takenAt}`);
    expect(md).toContain(`export PGHOST=${pgInfo().host}`);
    expect(md).toContain(`CREATE DATABASE "${target}"`);
    expect(md).not.toContain(pgInfo().password);
    const json = JSON.parse(reportJson(summary, plan)) as { source: { folder: string; takenAt: string } };
    expect(json.source).toMatchObject({ folder: source.set.outDir, takenAt: inspection.set.marker!.takenAt });
  });

  it('a saved script, run by sh with PGPASSWORD, restores the same data (roles from the safe copy)', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(source.set.outDir, tools);
    const target = `${shop}_sh`;
    made.push(target);
    const plan = await planReplay({ inspection, target: superTarget(), tools, options: { ...defaultOptions(), jobs: 2, databases: [shop], rename: { [shop]: target }, roles: true } });
    const dir = mkdtempSync(join(tmpdir(), 'pgflex-script-'));
    const script = replayScript(plan);
    expect(script).not.toContain(pgInfo().password);
    expect(script).toContain(`"$here/${SAFE_ROLES_FILE}"`);
    writeFileSync(join(dir, 'replay.sh'), script);
    writeFileSync(join(dir, SAFE_ROLES_FILE), `DO $$ BEGIN CREATE ROLE ${srcOwner} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n`);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PGPASSWORD: pgInfo().password };
    await promisify(execFile)('sh', [join(dir, 'replay.sh')], { env });
    expect(await fingerprint(superTarget(), target)).toEqual(await fingerprint(source.cluster, shop));
    await sql('postgres', `DROP ROLE IF EXISTS ${srcOwner}`).catch(() => undefined);
  });
});

/** prepareDatabase, its guard ended at once (the restore it would cover does not run here); true when it made the database. */
async function prepared(...args: Parameters<typeof prepareDatabase>): Promise<boolean> {
  const guard = await prepareDatabase(...args);
  await guard?.end();
  return guard !== null;
}

describe('replace as a Flexible-like admin', () => {
  it('waits for other sessions to end before dropping, saying so', async () => {
    const name = `wait_${u}`;
    made.push(name);
    await prepared(flexTarget(), name, 'fail');
    // A session of another role (as an autovacuum worker or a backend still ending would be).
    const other = new pg.Client({ ...superTarget(), database: name });
    await other.connect();
    const said: string[] = [];
    const replaced = prepared(flexTarget(), name, 'replace', {
      onWait: (m) => {
        said.push(m);
        if (said.length === 1) void other.end();
      },
    });
    await expect(replaced).resolves.toBe(true);
    expect(said[0]).toMatch(/Waiting for 1 other session\(s\) of ".*" to end/);
    expect(said.at(-1)).toMatch(/ended; ".*" was dropped/);
  });

  it('ends its own sessions (a cancelled restore) and says what to do when others stay', async () => {
    const name = `stay_${u}`;
    made.push(name);
    await prepared(flexTarget(), name, 'fail');
    const mine = new pg.Client({ ...flexTarget(), database: name });
    await mine.connect();
    mine.on('error', () => undefined);
    await expect(prepared(flexTarget(), name, 'replace')).resolves.toBe(true);
    const other = new pg.Client({ ...superTarget(), database: name });
    await other.connect();
    try {
      const err = await prepared(flexTarget(), name, 'replace', { timeoutMs: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(/could not be dropped: other sessions are still connected/);
      expect((err as UserError).message).toContain(pgInfo().user);
      expect((err as UserError).hint).toMatch(/pg_signal_backend/);
    } finally {
      await other.end();
    }
  });
});
