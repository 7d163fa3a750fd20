/**
 * A replay checks each archive's data just before its database starts (inspectFolder's 'later'),
 * not all of them before the first: a damaged archive found that way fails alone, its database
 * never created, while the others replay — the command says so and exits 1; a dry run still shows
 * the damage in the plan; a cancel while a database waits for its check leaves it uncreated.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { allChecked, inspectFolder, keepChecksOf } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import type { ReplayEvent } from '../../../electron/core/replay/types';
import { cli } from '../../support/cli';
import { pgInfo, sql, uniq } from '../../support/pg';
import { fingerprint, makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const broken = `dc_broken_${u}`;
const whole = `dc_whole_${u}`;
let source: Source;
let dir: string;
let dump: string;

const uri = () => `postgresql://${pgInfo().user}:${encodeURIComponent(pgInfo().password)}@127.0.0.1:${pgInfo().port}/postgres?sslmode=disable`;
const exists = async (name: string) => (await sql('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;

beforeAll(async () => {
  source = await makeSource([
    { name: broken, setupSql: 'CREATE TABLE a (id int PRIMARY KEY, v text); INSERT INTO a SELECT g, md5(g::text) FROM generate_series(1, 60000) g;' },
    { name: whole, setupSql: 'CREATE TABLE b (id int PRIMARY KEY, v text); INSERT INTO b SELECT g, md5(g::text) FROM generate_series(1, 3000) g;' },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'pgflex-deferred-'));
  cpSync(source.set.outDir, dir, { recursive: true });
  dump = join(dir, readdirSync(dir).find((f) => f.endsWith(`_database_${broken}.sql`))!);
  // One byte inside the table's compressed data: the table of contents still reads, the data does not inflate.
  const tools = await findClientTools();
  const before = await inspectFolder(dir, tools);
  const block = before.archives.get(basename(dump))!.entries.find((e) => e.desc === 'TABLE DATA')!;
  const b = readFileSync(dump);
  b[block.dataOffset! + 11 + 50] ^= 0xff;
  writeFileSync(dump, b);
});

afterAll(async () => {
  await source?.cluster.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  for (const name of [broken, whole, `${whole}_held`]) await sql('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('the data check of a replay, archive by archive', () => {
  it("'later' reads the tables of contents at once and moves a damaged archive to the problems once its check ends", async () => {
    const inspection = await inspectFolder(dir, await findClientTools(), { dataCheck: 'later' });
    const file = basename(dump);
    // Every dump's check is due (the set's system databases too): the damage is not known yet.
    const due = [...inspection.archives].filter(([, a]) => a.database === broken || a.database === whole).map(([f]) => f);
    expect(due).toHaveLength(2);
    for (const f of due) expect(inspection.pending.has(f)).toBe(true);
    expect(inspection.archives.has(file)).toBe(true);
    const problem = await inspection.pending.get(file);
    expect(problem?.message).toMatch(/is damaged/);
    await allChecked(inspection);
    expect(inspection.pending.size).toBe(0);
    expect(inspection.archives.has(file)).toBe(false);
    expect(inspection.problems.get(file)?.message).toMatch(/is damaged/);
    expect(inspection.clients.get(file)).toBeNull();
    const other = [...inspection.archives.values()].find((a) => a.database === whole)!;
    expect(other.entries.find((e) => e.desc === 'TABLE DATA')?.rows).toBe(3000);
  });

  it('checks only what the replay restores: a dump left out is not inflated once the plan is known', async () => {
    const inspection = await inspectFolder(dir, await findClientTools(), { dataCheck: 'later' });
    const file = (db: string) => [...inspection.archives].find(([, a]) => a.database === db)![0];
    const [brokenFile, wholeFile] = [file(broken), file(whole)];
    const other = inspection.archives.get(wholeFile)!;
    // The biggest dump's check has begun already; the others wait their turn and are left out.
    keepChecksOf(inspection, new Set([brokenFile]));
    await allChecked(inspection);
    expect(inspection.problems.get(brokenFile)?.message).toMatch(/is damaged/);
    expect(inspection.problems.has(wholeFile)).toBe(false);
    expect(other.entries.find((e) => e.desc === 'TABLE DATA')?.rows).toBeUndefined();
  });

  it('a dry run waits for every check: the damaged database is blocked in the plan', async () => {
    const r = await cli('replay', dir, '--target', uri(), '--no-roles', '--dry-run', '--json');
    expect(r.code).toBe(0);
    const plan = r.json.find((e) => e.type === 'plan')!.plan as { databases: Array<{ name: string; action: string; blocked: boolean; reasons: string[] }> };
    const d = plan.databases.find((x) => x.name === broken)!;
    expect(d).toMatchObject({ action: 'skip', blocked: true });
    expect(d.reasons.join(' ')).toMatch(/is damaged/);
    expect(plan.databases.find((x) => x.name === whole)?.action).toBe('restore');
  });

  it('the replay: the damaged database fails before it is created, the other one is restored whole, exit 1', async () => {
    const r = await cli('replay', dir, '--target', uri(), '--no-roles', '--json');
    expect(r.code).toBe(1);
    const ends = r.json.filter((e) => e.type === 'database-end').map((e) => e.result as { name: string; status: string; reason: string });
    const failed = ends.find((e) => e.name === broken)!;
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/is damaged: .* The download must be redone/);
    // Never started, never created: the target holds nothing of it.
    expect(r.json.some((e) => e.type === 'database-start' && e.name === broken)).toBe(false);
    expect(await exists(broken)).toBe(false);
    expect(ends.find((e) => e.name === whole)?.status).toBe('restored');
    expect(await fingerprint({ ...pgInfo() }, whole)).toEqual(await fingerprint(source.cluster, whole));
    const summary = r.json.find((e) => e.type === 'summary')!;
    expect(summary.ok).toBe(false);
  });

  it('a replay cancelled while a database waits for its check: it ends cancelled, never created', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(dir, tools);
    const file = [...inspection.archives].find(([, a]) => a.database === whole)![0];
    // The check of this dump is held open until the cancel has been asked for.
    let release!: () => void;
    inspection.pending.set(file, new Promise((resolve) => (release = () => resolve(null))));
    const events: ReplayEvent[] = [];
    const target = `${whole}_held`;
    const run = startReplay({ inspection, target: { ...pgInfo(), database: 'postgres', sslmode: 'disable' }, tools,
      options: { ...defaultOptions(), databases: [whole], rename: { [whole]: target }, roles: false } }, (e) => events.push(e));
    await run.started;
    // Past the start, the database waits on its check (microtasks only, so one macrotask is enough).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cancelled = run.cancel();
    release();
    await cancelled;
    const summary = await run.done;
    expect(summary.databases.find((d) => d.name === whole)).toMatchObject({ status: 'cancelled', reason: 'Cancelled before it started.' });
    expect(events.some((e) => e.type === 'database-start')).toBe(false);
    expect(await exists(target)).toBe(false);
  });
});
