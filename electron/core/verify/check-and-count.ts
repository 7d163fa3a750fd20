/**
 * The archive check (read-archive.ts) inflates every data block anyway to prove it is whole; this
 * counts each table's COPY rows in that same pass, so verification later needs no second read of
 * the archive — the row counter's cost at inspect is a newline scan, and the replay pays nothing.
 */
import { blockPieces, checkBlock, type BlockLayout } from '../archive/data-blocks';
import type { FileWindow } from '../archive/file-window';
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
