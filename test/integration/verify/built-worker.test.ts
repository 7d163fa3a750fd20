/**
 * The builds ship the row-count worker: the built command line (`.vite/cli/`, what
 * `pgflex-restore` runs) and the Electron main build (`.vite/build/`) each count an archive's
 * blocks on a worker thread, not silently on the main thread.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { countArchiveRows, workerEntry } from '../../../electron/core/verify/archive-rows';
import { bundleCli } from '../../support/bundled-cli';
import { sql, superUri, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const u = uniq();
const db = `bw_${u}`;
let source: Source;
let runner: string;
const mainOut = mkdtempSync(join(tmpdir(), 'pgflex-main-build-'));

beforeAll(async () => {
  runner = await bundleCli();
  // A large object: its block is always left to the worker (the archive check counts table rows only).
  source = await makeSource([{ name: db, setupSql: `
    CREATE TABLE public.t (id int PRIMARY KEY);
    INSERT INTO public.t SELECT generate_series(1, 321);
    SELECT lo_from_bytea(0, 'one'), lo_from_bytea(0, 'two');` }]);
});

afterAll(async () => {
  await source?.cluster.stop();
  await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  rmSync(runner, { force: true });
  rmSync(mainOut, { recursive: true, force: true });
});

describe('the row-count worker in the builds', () => {
  it('the built CLI counts on a worker thread', () => {
    const out = execFileSync(process.execPath, [runner, 'replay', source.set.outDir, '--target', superUri(), '--databases', db, '--no-roles', '--json'], { encoding: 'utf8' });
    const summary = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; databases?: Array<{ name: string; verify: { ok: boolean; notes: string[]; rowCount: { where: string; bytes: number } } }> })
      .find((j) => j.type === 'summary')!;
    const v = summary.databases!.find((d) => d.name === db)!.verify;
    expect(v.notes.filter((n) => /main thread/.test(n))).toEqual([]);
    expect(v.rowCount.where).toBe('worker');
    expect(v.rowCount.bytes).toBeGreaterThan(0);
    expect(v.ok).toBe(true);
  });

  it('the Electron main build ships the worker beside main.cjs, and it counts', async () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.main.config.ts', '--outDir', mainOut, '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    const entry = workerEntry(mainOut);
    expect(entry?.file).toBe(join(mainOut, 'row-count-worker.cjs'));
    const info = await readArchive(source.set.files.databases[db], { checkData: 'never' });
    const data = info.entries.find((e) => e.desc === 'TABLE DATA')!;
    const blobs = info.entries.find((e) => e.desc === 'BLOBS')!;
    const run = countArchiveRows(info.path, [data, blobs].map((e) => ({ dumpId: e.dumpId, offset: e.dataOffset!, bytes: e.dataSize ?? 0 })), entry);
    const { counts, where, note } = await run.done;
    expect({ where, note }).toEqual({ where: 'worker', note: null });
    expect(counts.get(data.dumpId)?.count).toBe(321);
    expect(counts.get(blobs.dumpId)?.count).toBe(2);
  });
});
