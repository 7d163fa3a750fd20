/**
 * Faults during a replay are told, not hidden: the first fatal error of a parallel pg_restore is
 * the database's error (not "a worker process died"), a database this run created that failed
 * before any data landed is dropped again while one someone else created is never touched, too
 * few connection slots for the job budget and a server refusing the pre-flight both stop the
 * replay before anything changes (exit 3).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { stampOf } from '../../../electron/core/restore-set/file-stamp';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import type { ReplayEvent } from '../../../electron/core/replay/types';
import { replayExitCode } from '../../../electron/cli/commands/replay';
import { cli } from '../../support/cli';
import { serverBinDir } from '../../support/pg-cluster';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const db = `faults_${u}`;
const limited = `fl_limited_${u}`;
const slow = `fl_slow_${u}`;
let source: Source;

const superTarget = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });
const uri = (user = pgInfo().user, password = pgInfo().password) =>
  `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${pgInfo().port}/postgres?sslmode=disable`;
const exists = async (name: string) => (await sql('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;

/** A copy of the set, so that a test may damage its dump after inspecting it. */
function copyOfSet(): { dir: string; dump: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pgflex-faults-'));
  cpSync(source.set.outDir, dir, { recursive: true });
  const dump = readdirSync(dir).find((f) => f.endsWith(`_database_${db}.sql`))!;
  return { dir, dump: join(dir, dump) };
}

/** Inspects the copy (which passes every check), runs `damage` on the dump, then replays it. */
async function replayDamaged(targetName: string, damage: (dump: string, offsets: { offset: number; size: number }[]) => void) {
  const { dir, dump } = copyOfSet();
  const tools = await findClientTools();
  const inspection = await inspectFolder(dir, tools);
  expect(inspection.problems.size).toBe(0);
  const archive = inspection.archives.get(basename(dump))!;
  const blocks = archive.entries.filter((e) => e.desc === 'TABLE DATA' && e.dataOffset !== null).map((e) => ({ offset: e.dataOffset!, size: e.dataSize! }));
  damage(dump, blocks);
  // Damage no file time or size shows (a failing disk, a bad network read): the stamp of the file
  // that was read is taken again, so only pg_restore can find it.
  const file = inspection.set.databases.find((f) => f.path === dump)!;
  file.stamp = stampOf(statSync(dump));
  const events: ReplayEvent[] = [];
  const run = startReplay({ inspection, target: superTarget(), tools, options: { ...defaultOptions(), jobs: 2, databases: [db], rename: { [db]: targetName }, roles: false } }, (e) => events.push(e));
  const summary = await run.done;
  return { summary, result: summary.databases.find((d) => d.name === db)!, events };
}

beforeAll(async () => {
  // Two tables big enough for a few compressed blocks each; seekable, so data offsets are known.
  source = await makeSource([{
    name: db,
    setupSql: `CREATE TABLE a (id int PRIMARY KEY, v text); INSERT INTO a SELECT g, md5(g::text) FROM generate_series(1, 60000) g;
               CREATE TABLE b (id int PRIMARY KEY, v text); INSERT INTO b SELECT g, md5((g * 7)::text) FROM generate_series(1, 60000) g;`,
  }]);
  await sql('postgres', `CREATE ROLE ${limited} LOGIN CREATEDB PASSWORD 'pw' CONNECTION LIMIT 4`);
  await sql('postgres', `CREATE ROLE ${slow} LOGIN CREATEDB PASSWORD 'pw'; CREATE SCHEMA ${slow} AUTHORIZATION ${slow}`);
  await sql('postgres', `CREATE FUNCTION ${slow}.current_setting(text) RETURNS text LANGUAGE sql AS $$ SELECT pg_sleep(2)::text || pg_catalog.current_setting($1) $$`);
  await sql('postgres', `ALTER ROLE ${slow} SET search_path = ${slow}, pg_catalog; ALTER ROLE ${slow} SET statement_timeout = '200ms'`);
});

afterAll(async () => {
  await source?.cluster.stop();
  for (const name of (await sql<{ datname: string }>('postgres', 'SELECT datname FROM pg_database WHERE datname LIKE $1', [`%${u}%`]))) {
    await sql('postgres', `DROP DATABASE "${name.datname}" WITH (FORCE)`);
  }
  await sql('postgres', `DROP SCHEMA IF EXISTS ${slow} CASCADE`);
  await sql('postgres', `DROP ROLE IF EXISTS ${limited}, ${slow}`);
});

describe('faults during a replay', () => {
  it('a damaged data block under --jobs 2: the real cause, with its table, and what the database holds', async () => {
    const target = `${db}_block`;
    const { result, events } = await replayDamaged(target, (dump, blocks) => {
      const b = readFileSync(dump);
      // Inside the first zlib chunk of the biggest table block: type byte, dump id (sign + 4 bytes), chunk length (sign + 4 bytes), then data.
      const last = [...blocks].sort((x, y) => y.size - x.size)[0];
      expect(last.size).toBeGreaterThan(200);
      b[last.offset + 11 + 50] ^= 0xff;
      writeFileSync(dump, b);
    });
    expect(result.status).toBe('failed');
    const fatal = result.errors.find((e) => e.tocId === null)!;
    expect(fatal.message).toMatch(/could not uncompress data/);
    expect(fatal.message).not.toMatch(/worker process died/);
    expect(fatal.item).toMatch(/TABLE DATA public\.[ab]/);
    expect(fatal.category).toBe('data');
    expect(result.reason).toMatch(/^pg_restore stopped: /);
    expect(result.reason).toMatch(/is left partial: it holds \d+ of \d+ items of the dump, the data of [01] of 2 tables/);
    expect(events.some((e) => e.type === 'database-error' && e.error.message === fatal.message)).toBe(true);
    // Data landed, so the database stays for the user to look at (or retry, which replaces it).
    expect(await exists(target)).toBe(true);
  });

  it('a dump that fails before any data landed: the database this run created is dropped again, and it says so', async () => {
    const target = `${db}_early`;
    const { result } = await replayDamaged(target, (dump) => writeFileSync(dump, Buffer.alloc(readFileSync(dump).length)));
    expect(result.status).toBe('failed');
    expect(result.errors.find((e) => e.tocId === null)?.message).toMatch(/valid archive|magic|header/);
    expect(result.reason).toMatch(new RegExp(`No data had landed, so "${target}", created by this run, was dropped again`));
    expect(await exists(target)).toBe(false);
  });

  it('a database someone else creates after the pre-flight is theirs: database-exists, exit 3, left untouched', async () => {
    const target = `${db}_race`;
    const { dir } = copyOfSet();
    const tools = await findClientTools();
    const inspection = await inspectFolder(dir, tools);
    const psql = join(serverBinDir(), 'psql');
    const env = { ...process.env, PGPASSWORD: pgInfo().password };
    const at = ['-X', '-q', '-h', pgInfo().host, '-p', String(pgInfo().port), '-U', pgInfo().user];
    const run = startReplay({ inspection, target: superTarget(), tools, options: { ...defaultOptions(), jobs: 2, databases: [db], rename: { [db]: target }, roles: false } }, (e) => {
      // The plan is out (the pre-flight found no such database); another session creates it now.
      if (e.type !== 'plan') return;
      execFileSync(psql, [...at, '-d', 'postgres', '-c', `CREATE DATABASE "${target}"`], { env });
      execFileSync(psql, [...at, '-d', target, '-c', 'CREATE TABLE theirs (x int); INSERT INTO theirs VALUES (7)'], { env });
    });
    const summary = await run.done;
    const d = summary.databases.find((x) => x.name === db)!;
    expect(d.status).toBe('failed');
    expect(d.problem?.code).toBe('database-exists');
    expect(d.reason).toMatch(/already exists|created by someone else/);
    expect(replayExitCode(summary)).toBe(3);
    expect(await sql(target, 'SELECT x FROM theirs')).toEqual([{ x: 7 }]);
  });

  it('too few connection slots for --jobs: refused before anything changes, exit 3, with the budget that fits', async () => {
    const target = `${db}_slots`;
    const r = await cli('replay', source.set.outDir, '--target', uri(limited, 'pw'), '--databases', db, '--rename', `${db}=${target}`, '--no-roles', '--jobs', '8', '--json');
    expect(r.code).toBe(3);
    const error = r.json.find((e) => e.type === 'error')?.error as { code: string; message: string; hint: string };
    expect(error.code).toBe('target-refused');
    expect(error.message).toMatch(/connection slot.*--jobs 8.*Nothing was changed/);
    expect(error.hint).toMatch(/--jobs 1 /);
    expect(await exists(target)).toBe(false);
  });

  it('a server error during the pre-flight (statement_timeout on the role): exit 3 and JSON, not a stack trace', async () => {
    const r = await cli('replay', source.set.outDir, '--target', uri(slow, 'pw'), '--databases', db, '--no-roles', '--json');
    expect(r.code).toBe(3);
    const error = r.json.find((e) => e.type === 'error')?.error as { code: string; message: string; hint: string };
    expect(error.code).toBe('target-refused');
    expect(error.message).toMatch(/statement timeout/);
    expect(error.hint).toMatch(/RESET statement_timeout/);
  });
});
