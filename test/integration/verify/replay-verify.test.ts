/**
 * The replay verifies every restored database against its archive: a correct replay is verified,
 * a table whose data failed or that was dropped afterwards is not — named, with both counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder, type Inspection } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import { reportMarkdown } from '../../../electron/core/replay/report';
import type { ReplayEvent, ReplayPlan } from '../../../electron/core/replay/types';
import { verifyDatabase } from '../../../electron/core/verify/verify-database';
import { verifySummaryLine } from '../../../electron/shared/verify-summary';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';
import { RICH_SQL } from './rich-schema';

const u = uniq();
const rich = `rich_${u}`;
const bad = `bad_${u}`;
// The CHECK looks at another table, loaded after this one: COPY into a_checked fails on restore.
const BAD_SQL = `
  CREATE TABLE public.z_limits (n int);
  CREATE FUNCTION public.within(v int) RETURNS bool LANGUAGE sql AS 'SELECT v <= (SELECT count(*) FROM public.z_limits)';
  CREATE TABLE public.a_checked (v int CHECK (public.within(v)));
  INSERT INTO public.z_limits SELECT g FROM generate_series(1, 100) g;
  INSERT INTO public.a_checked SELECT g FROM generate_series(1, 100) g;
`;

let source: Source;
let inspection: Inspection;
const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });

beforeAll(async () => {
  source = await makeSource([{ name: rich, setupSql: RICH_SQL(400) }, { name: bad, setupSql: BAD_SQL }]);
  inspection = await inspectFolder(source.set.outDir, await findClientTools());
});

afterAll(async () => {
  await source?.cluster.stop();
  for (const n of [rich, bad]) await sql('postgres', `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
});

describe('verification after the replay', () => {
  let summary: Awaited<ReturnType<typeof startReplay>['done']>;
  const events: ReplayEvent[] = [];
  let plan: ReplayPlan;

  beforeAll(async () => {
    const run = startReplay({ inspection, target: target(), options: { ...defaultOptions(), jobs: 1, databases: [rich, bad], roles: false }, tools: await findClientTools() }, (e) => events.push(e));
    plan = await run.plan;
    summary = await run.done;
  });

  it('verifies a correct replay: every table, object kind and sequence matches', async () => {
    const d = summary.databases.find((x) => x.name === rich)!;
    expect(d.status, d.reason).toBe('restored');
    const v = d.verify!;
    expect(v.objects.filter((o) => !o.ok), JSON.stringify(v.objects)).toEqual([]);
    expect(v.tables.filter((t) => !t.ok)).toEqual([]);
    expect(v.sequences).toEqual({ checked: 4, mismatched: [] });
    expect(v.ok).toBe(true);
    // Every table's rows agree with count(*) on the source.
    const counted = Object.fromEntries(v.tables.filter((t) => t.archiveRows !== null).map((t) => [t.name, [t.archiveRows, t.targetRows]]));
    expect(counted).toEqual(Object.fromEntries(Object.entries(source.set.rowCounts[rich]).map(([k, n]) => [k, [n, n]])));
    const byName = Object.fromEntries(v.tables.map((t) => [t.name, t]));
    expect(byName['shop.empty_one']).toMatchObject({ archiveRows: 0, targetRows: 0, ok: true });
    expect(byName['shop.scratch']).toMatchObject({ archiveRows: 400, targetRows: 400, ok: true });
    expect(byName['shop.events']).toMatchObject({ archiveRows: null, ok: true, note: expect.stringMatching(/partitioned/) });
    expect(byName['shop.order_totals']).toMatchObject({ ok: true, targetRows: 400 });
    expect(byName['shop.never_filled']).toMatchObject({ ok: true, targetRows: null, note: expect.stringMatching(/WITH NO DATA/) });
    const kinds = Object.fromEntries(v.objects.map((o) => [o.kind, o.archive]));
    expect(kinds).toMatchObject({ tables: 8, matviews: 2, views: 1, 'large objects': 3, policies: 1, triggers: 1, extensions: 1, comments: 5, acl: 3 });
    expect(verifySummaryLine(v)).toBe(`Verified: 8 tables, ${(400 + 400 + 800 + 1200 + 400).toLocaleString('en-US')} rows, ${v.totals.indexes} indexes match the backup`);
    const md = reportMarkdown(summary, plan);
    expect(md).toContain(`## Verification of ${rich}`);
    expect(md).toContain('| shop.orders | 1,200 | 1,200 | match |');
    expect(md).toContain('| large objects | 3 | 3 | match |');
    // The lane said "verifying" between the restore and the end.
    expect(events.some((e) => e.type === 'progress' && e.databases.some((p) => p.name === rich && p.phase === 'verifying'))).toBe(true);
  });

  it('does not verify a database whose table data failed, and names the table and both counts', () => {
    const d = summary.databases.find((x) => x.name === bad)!;
    expect(d.status).toBe('partial');
    expect(d.verify?.ok).toBe(false);
    expect(d.verify!.tables.find((t) => !t.ok)).toMatchObject({ name: 'public.a_checked', archiveRows: 100, targetRows: 0 });
    expect(verifySummaryLine(d.verify!)).toMatch(/^Not verified: 1 table differs \(public\.a_checked: 100 in the backup, 0 on the target\)/);
    expect(summary.ok).toBe(false);
  });

  it('does not verify once a table is dropped or rows deleted after the replay', async () => {
    await sql(rich, 'DROP TABLE shop.scratch; DELETE FROM public.plain WHERE id <= 10');
    const archive = inspection.archives.get(source.set.files.databases[rich].split('/').pop()!)!;
    const v = await verifyDatabase({ archive, target: target(), database: rich, context: { noOwner: false, noPrivileges: false, allowedExtensions: null } });
    expect(v.ok).toBe(false);
    const badTables = Object.fromEntries(v.tables.filter((t) => !t.ok).map((t) => [t.name, [t.archiveRows, t.targetRows]]));
    expect(badTables).toEqual({ 'shop.scratch': [400, null], 'public.plain': [400, 390] });
    expect(v.objects.find((o) => o.kind === 'tables')).toMatchObject({ ok: false, missing: ['shop.scratch'] });
  });
});
