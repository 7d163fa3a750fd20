/**
 * The CLI: `replay` verifies by default and puts the verdict in its JSON summary (`--no-verify`
 * skips it); `verify <folder> --target` checks a target restored earlier, naming what differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, superUri, uniq } from '../../support/pg';
import { cli } from '../../support/cli';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const db = `cli_${u}`;
const copy = `cli_${u}_nv`;
let source: Source;

beforeAll(async () => {
  source = await makeSource([{ name: db, setupSql: `
    CREATE TABLE public.t (id int PRIMARY KEY, v text);
    INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 1234) g;
    CREATE INDEX t_v ON public.t (v);
    CREATE TABLE public.empty (id int);` }], { piped: true });
});

afterAll(async () => {
  await source?.cluster.stop();
  for (const n of [db, copy]) await sql('postgres', `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
});

describe('verification from the command line', () => {
  it('replay verifies by default and reports it in the JSON summary', async () => {
    const r = await cli('replay', source.set.outDir, '--target', superUri(), '--databases', db, '--no-roles', '--json');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const summary = r.json.find((j) => j.type === 'summary') as { ok: boolean; databases: Array<{ name: string; verify: { ok: boolean; summary: string; tables: unknown[]; objects: Record<string, { archive: number; target: number; ok: boolean }> } }> };
    const d = summary.databases.find((x) => x.name === db)!;
    expect(d.verify.ok).toBe(true);
    expect(d.verify.tables).toHaveLength(2);
    expect(d.verify.tables).toEqual(expect.arrayContaining([
      { name: 'public.t', archiveRows: 1234, targetRows: 1234, ok: true },
      { name: 'public.empty', archiveRows: 0, targetRows: 0, ok: true },
    ]));
    expect(d.verify.objects.indexes).toMatchObject({ archive: 1, target: 1, ok: true });
    expect(d.verify.summary).toBe('Verified: 2 tables, 1,234 rows, 1 index match the backup');
  });

  it('--no-verify skips the check', async () => {
    const r = await cli('replay', source.set.outDir, '--target', superUri(), '--databases', db, '--rename', `${db}=${copy}`, '--no-roles', '--no-verify', '--json');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const summary = r.json.find((j) => j.type === 'summary') as { databases: Array<{ name: string; verify?: unknown }> };
    expect(summary.databases.find((x) => x.name === db)!.verify).toBeUndefined();
  });

  it('verify checks a target restored earlier and names the table that differs', async () => {
    const good = await cli('verify', source.set.outDir, '--target', superUri(), '--databases', db);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain('Verified: 2 tables, 1,234 rows, 1 index match the backup');
    await sql(db, 'DELETE FROM public.t WHERE id > 1200');
    const bad = await cli('verify', source.set.outDir, '--target', superUri(), '--databases', db, '--json');
    expect(bad.code).toBe(1);
    const out = bad.json.find((j) => j.type === 'verify') as { ok: boolean; databases: Array<{ verify: { ok: boolean; tables: Array<{ name: string; archiveRows: number; targetRows: number; ok: boolean }> } }> };
    expect(out.ok).toBe(false);
    expect(out.databases[0].verify.tables.find((t) => !t.ok)).toMatchObject({ name: 'public.t', archiveRows: 1234, targetRows: 1200 });
    const missing = await cli('verify', source.set.outDir, '--target', superUri(), '--databases', db, '--rename', `${db}=nope_${u}`);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`database "nope_${u}" does not exist on the target`);
  });
});
