/**
 * A cancel during the archive's row count stops the worker thread at once (no wall-clock limit in
 * the test: a count that ran on would end with every table and no "stopped early"), even in the middle of
 * a big archive: 120 tables of 8 MB of COPY text each (about 1 GB to inflate and scan) are not
 * read to the end first. The archive comes from the test writer (the same bytes pg_dump writes).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { startRowCount } from '../../../electron/core/verify/verify-database';
import { writeArchive, type WriterEntry } from '../../unit/archive/archive-writer';

const dir = mkdtempSync(join(tmpdir(), 'pgflex-stop-count-'));
const TABLES = 120;
/** Rows per table: 8 MB of COPY text each. */
const ROWS = 262_144;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bigArchive(): string {
  const rows = Buffer.from(Array.from({ length: ROWS }, (_, i) => `${String(i).padStart(10, '0')}\tsome text here, twenty\n`).join('') + '\\.\n\n');
  const compressed = deflateSync(rows, { level: 1 });
  const chunks = Array.from({ length: Math.ceil(compressed.length / 65536) }, (_, i) => compressed.subarray(i * 65536, (i + 1) * 65536));
  const entries: WriterEntry[] = [];
  for (let t = 0; t < TABLES; t++) {
    entries.push({ dumpId: 1000 + t, tag: `t${t}`, desc: 'TABLE', schema: 'public', owner: 'o' });
    entries.push({ dumpId: 2000 + t, tag: `t${t}`, desc: 'TABLE DATA', section: 3, schema: 'public', owner: 'o', deps: [1000 + t], copyStmt: `COPY public.t${t} (id, v) FROM stdin;\n`, data: chunks });
  }
  const path = join(dir, 'big.dump');
  writeFileSync(path, writeArchive({ minor: 14, compression: -1, rawData: true }, entries).bytes);
  return path;
}

describe('stopping the row count', () => {
  it('ends the worker in the middle of a big archive, saying it stopped early', async () => {
    const info = await readArchive(bigArchive(), { checkData: 'never' });
    const run = startRowCount(info);
    await new Promise((r) => setTimeout(r, 400));
    run.stop();
    const result = await run.done;
    expect(result).toMatchObject({ where: 'worker', note: 'stopped early' });
    // Stopped in the middle: what was counted before the stop is right, and far from everything.
    expect(result.counts.size).toBeLessThan(TABLES);
    for (const c of result.counts.values()) expect(c, JSON.stringify(c)).toMatchObject({ count: ROWS, problem: null });
    // Nothing of it keeps running: a second count of the same archive runs to its end.
    const again = startRowCount(info);
    const first = info.entries.find((e) => e.desc === 'TABLE DATA')!;
    const all = await again.done;
    expect(all.counts.size).toBe(TABLES);
    expect(all.counts.get(first.dumpId)).toMatchObject({ count: ROWS, problem: null });
  }, 120_000);
});
