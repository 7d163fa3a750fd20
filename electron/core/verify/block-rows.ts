/**
 * Counts what one data block of a custom-format archive holds, in bounded memory:
 * - a TABLE DATA block: its COPY rows, over the decompressed text that the archive's streaming
 *   block reader (archive/data-blocks.ts) yields;
 * - a BLOBS block (BLK_BLOBS): its large objects, one OID each — walked here over the chunk
 *   headers only, since an empty large object yields no content to count by.
 */
import { FormatError, intAt } from '../archive/byte-reader';
import { canDecompress, tableDataChunks, type BlockLayout } from '../archive/data-blocks';
import type { FileWindow } from '../archive/file-window';
import { BLK_BLOBS } from '../archive/walk-blocks';
import { CopyRowCounter } from './copy-rows';

/** What one block holds: rows (TABLE DATA) or objects (BLOBS), or why it could not be counted. */
export interface BlockCount {
  dumpId: number;
  /** COPY rows, or large objects for a BLOBS block; null when not counted. */
  count: number | null;
  /** Bytes of the block in the file (compressed). */
  bytes: number;
  problem: string | null;
}

/** Counts the rows (or large objects) of the block of entry `dumpId` that starts at `offset` and spans `bytes`. */
export async function countBlock(file: FileWindow, layout: BlockLayout, offset: number, dumpId: number, bytes: number): Promise<BlockCount> {
  const result = (count: number | null, problem: string | null): BlockCount => ({ dumpId, count, bytes, problem });
  try {
    const type = (await file.read(offset, 1))[0];
    if (type === BLK_BLOBS) return result(await countBlobs(file, layout.intSize, offset), null);
    if (!canDecompress(layout.compression)) {
      return result(null, `the archive is ${layout.compression}-compressed, which cannot be decompressed here (Node ${process.version} has zlib only), so its rows were not counted`);
    }
    const counter = new CopyRowCounter();
    for await (const chunk of tableDataChunks(file, layout, offset, dumpId)) counter.push(chunk);
    const done = counter.finish();
    return result(done.problem ? null : done.rows, done.problem);
  } catch (err) {
    if (err instanceof FormatError) return result(null, err.message);
    throw err;
  }
}

/** Counts the OIDs of the BLOBS block at `offset`, skipping each object's chunks unread. */
async function countBlobs(file: FileWindow, intSize: number, offset: number): Promise<number> {
  const int = 1 + intSize;
  let pos = offset + 1 + int;
  // One window of the file at a time: many objects, or many small chunks, are many small reads.
  let buf: Buffer = Buffer.alloc(0);
  let base = 0;
  const readInt = async () => {
    if (pos + int > file.size) throw new FormatError('the large objects block is cut off', pos);
    if (pos < base || pos + int > base + buf.length) {
      buf = await file.read(pos, 256 * 1024);
      base = pos;
    }
    const v = intAt(buf, pos - base, intSize);
    pos += int;
    return v;
  };
  let n = 0;
  while ((await readInt()) !== 0) {
    n++;
    for (let len = await readInt(); len !== 0; len = await readInt()) {
      if (len < 0) throw new FormatError(`negative chunk length ${len} in the large objects block`, pos - int);
      pos += len;
    }
  }
  return n;
}
