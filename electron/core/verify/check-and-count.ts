/**
 * The archive check (read-archive.ts) inflates every data block anyway to prove it is whole; this
 * counts each table's COPY rows in that same pass, so verification later needs no second read of
 * the archive — the row counter's cost at inspect is a newline scan, and the replay pays nothing.
 */
import { availableParallelism } from 'node:os';
import { blockPieces, checkBlock, smallBlockData, SMALL_BLOCK_BYTES, type BlockLayout } from '../archive/data-blocks';
import { WINDOW_BYTES, type FileWindow } from '../archive/file-window';
import type { TocEntry } from '../archive/types';
import { CopyRowCounter } from './copy-rows';

/** Checks the block of `e` like checkBlock (throws its FormatError on damage) and sets `e.rows` for COPY data. */
export async function checkAndCount(file: FileWindow, layout: BlockLayout, e: TocEntry, label: string): Promise<void> {
  if (e.desc !== 'TABLE DATA' || e.copy === false) {
    await checkBlock(file, layout, e.dataOffset!, e.dumpId, label);
    return;
  }
  const counter = new CopyRowCounter();
  let blobs = false;
  for await (const piece of blockPieces(file, layout, e.dataOffset!, e.dumpId, label)) {
    if (piece.oid !== null) blobs = true;
    else counter.push(piece.bytes);
  }
  const done = counter.finish();
  // A block that does not read as COPY data is left for the row counter to report.
  if (!blobs && !done.problem) e.rows = done.rows;
}

/**
 * checkAndCount for every entry with a data block, in file order: small blocks are cut from one
 * window read ahead of them (smallBlockData), so a catalog of thousands of tiny tables costs a
 * read per megabyte, not a read and an inflate stream per table; anything else is streamed.
 */
export async function checkAndCountAll(file: FileWindow, layout: BlockLayout, entries: TocEntry[], label: (e: TocEntry) => string): Promise<void> {
  let base = 0;
  let window: Buffer = Buffer.alloc(0);
  const bytesAt = async (start: number, size: number): Promise<Buffer> => {
    if (start < base || start + size > base + window.length) {
      window = await file.read(start, Math.max(size, WINDOW_BYTES));
      base = start;
    }
    return window.subarray(start - base, start - base + size);
  };
  const blocks = entries.filter((e) => e.dataOffset !== null).sort((a, b) => a.dataOffset! - b.dataOffset!);
  const streamed = new StreamedChecks(file, layout, label);
  for (const e of blocks) {
    const small = e.dataSize !== null && e.dataSize <= SMALL_BLOCK_BYTES && e.desc === 'TABLE DATA'
      ? smallBlockData(await bytesAt(e.dataOffset!, e.dataSize), layout, e.dumpId) : null;
    if (!small) {
      await streamed.add(e);
      continue;
    }
    if (e.copy === false) continue;
    const counter = new CopyRowCounter();
    counter.push(small);
    const done = counter.finish();
    if (!done.problem) e.rows = done.rows;
  }
  await streamed.finish();
}

/** Streamed blocks checked at once: each is its own zlib stream, inflated on the thread pool, so two keep two cores busy. */
const STREAMED_AT_ONCE = Math.max(1, Math.min(4, availableParallelism()));

/**
 * The big blocks of one archive, checked STREAMED_AT_ONCE at a time (one table's check no longer
 * waits for the one before it); a damaged archive reports its first damaged block in file order,
 * whichever finished first.
 */
class StreamedChecks {
  private readonly running = new Set<Promise<void>>();
  private readonly failures: Array<{ offset: number; err: unknown }> = [];

  constructor(private readonly file: FileWindow, private readonly layout: BlockLayout, private readonly label: (e: TocEntry) => string) {}

  async add(e: TocEntry): Promise<void> {
    while (this.running.size >= STREAMED_AT_ONCE) await Promise.race(this.running);
    // Blocks come in file order: once one has failed, a later one cannot be the first damage.
    if (this.failures.length) return;
    const p: Promise<void> = checkAndCount(this.file, this.layout, e, this.label(e))
      .catch((err: unknown) => void this.failures.push({ offset: e.dataOffset!, err }))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async finish(): Promise<void> {
    await Promise.all(this.running);
    if (this.failures.length) throw this.failures.sort((a, b) => a.offset - b.offset)[0].err;
  }
}
