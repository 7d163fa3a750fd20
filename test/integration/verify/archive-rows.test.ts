/**
 * Rows counted in real pg_dump 15 archives — seekable and piped, compressed and -Z0 — agree with
 * SELECT count(*) on the source for every table, including the rows that make COPY text tricky.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { archiveFacts } from '../../../electron/core/verify/archive-facts';
import { startRowCount } from '../../../electron/core/verify/verify-database';
import { DUMP_VARIANTS, dumpVariant } from '../../support/dump-variants';
import { makeSource, type Source } from '../../support/restore-set';
import { RICH_SQL } from './rich-schema';

let source: Source;
const dir = mkdtempSync(join(tmpdir(), 'pgflex-verify-'));

beforeAll(async () => {
  source = await makeSource([{ name: 'rich', setupSql: RICH_SQL(500) }]);
});

afterAll(async () => {
  await source?.cluster.stop();
});

describe('row counts from the archive', () => {
  it.each(DUMP_VARIANTS)('match count(*) on the source ($name)', async (variant) => {
    const file = await dumpVariant(source.cluster, 'rich', variant, dir);
    // Counted by the archive check at inspect, in the pass that proves each block whole…
    const checked = await readArchive(file);
    const atInspect = Object.fromEntries(archiveFacts(checked).tables.filter((t) => t.data).map((t) => [`${t.schema}.${t.name}`, t.data!.rows ?? null]));
    expect(atInspect).toEqual(source.set.rowCounts.rich);
    // …or, when that check did not run (big archives), on the worker thread beside the replay.
    const info = await readArchive(file, { checkData: 'never' });
    expect(info.offsetsKnown).toBe(!variant.piped);
    expect(info.entries.filter((e) => e.rows !== undefined)).toEqual([]);
    const run = startRowCount(info);
    const { counts, where, note } = await run.done;
    expect({ where, note }).toEqual({ where: 'worker', note: null });
    const side = archiveFacts(info);
    const got: Record<string, number | null> = {};
    for (const t of side.tables) if (t.data) got[`${t.schema}.${t.name}`] = counts.get(t.data.dumpId)?.count ?? null;
    expect(got).toEqual(source.set.rowCounts.rich);
    // Three large objects, one of them empty.
    expect(side.blobBlocks.map((b) => counts.get(b.dumpId)?.count)).toEqual([3]);
    expect(side.facts.objects['large objects'].count).toBe(3);
    for (const c of counts.values()) expect(c.problem).toBeNull();
  });
});
