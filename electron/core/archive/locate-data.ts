/**
 * Finds where each entry's data block lies and how big it is, and checks the data region is whole
 * before anything is replayed.
 *
 * - Offsets recorded (archive written to a seekable file): sizes are the distances between
 *   consecutive blocks. Checks: every offset lies inside the file, every block header names its
 *   entry, and the last block runs exactly to the end of the file.
 * - Offsets not recorded (archive written to a pipe): the blocks are walked in order from the end
 *   of the TOC, which yields the positions and sizes and proves every block is complete.
 */
import type { TocEntry } from './types';
import { OFFSET_NO_DATA, OFFSET_SET, FormatError, intAt } from './byte-reader';
import { WINDOW_BYTES, type FileWindow } from './file-window';
import type { Toc } from './read-toc';
import { BLK_BLOBS, BLK_DATA, BlockCut, walkBlocks } from './walk-blocks';

/** An entry that owns a data block, with what the TOC recorded about it. */
interface DataItem {
  entry: TocEntry;
  flag: number;
  offset: number;
}

/** The data region is cut short: `cut` is the entry whose block the file ends in (null when between blocks). */
export class DataCut extends Error {
  constructor(
    readonly cut: TocEntry | null,
    readonly missing: TocEntry[],
  ) {
    super('file ends inside the data');
  }
}

export interface LocateOptions {
  verify: boolean;
  /** Walk every block even when offsets are recorded (slower; proves every block, not only the last). */
  fullScan: boolean;
  /** Bytes of the last block walked before settling for a check of its tail. */
  lastBlockWalkLimit: number;
}

/** Entries that own a data block (hadDumper entries: TABLE DATA, BLOBS), in TOC order. */
function dataItems(toc: Toc): DataItem[] {
  const items: DataItem[] = [];
  for (let i = 0; i < toc.entries.length; i++) {
    if (toc.offsetFlags[i] !== OFFSET_NO_DATA) items.push({ entry: toc.entries[i], flag: toc.offsetFlags[i], offset: toc.offsets[i] });
  }
  return items;
}

/** True when every entry with data has its offset recorded. */
export function offsetsRecorded(toc: Toc): boolean {
  return toc.offsetFlags.every((f) => f === OFFSET_NO_DATA || f === OFFSET_SET);
}

function place(item: DataItem, offset: number, size: number): void {
  item.entry.dataOffset = offset;
  item.entry.dataSize = size;
}

/** Positions and sizes from the recorded offsets, after the cheap checks. */
async function fromOffsets(file: FileWindow, intSize: number, tocEnd: number, list: DataItem[], opts: LocateOptions): Promise<void> {
  const sorted = [...list].sort((a, b) => a.offset - b.offset);
  const headerBytes = 2 + intSize;
  const last = sorted[sorted.length - 1];
  if (last.offset + headerBytes > file.size) {
    const inside = sorted.filter((d) => d.offset < file.size);
    throw new DataCut(inside[inside.length - 1]?.entry ?? null, sorted.filter((d) => d.offset >= file.size).map((d) => d.entry));
  }
  for (let k = 0; k < sorted.length; k++) {
    if (sorted[k].offset < tocEnd || (k > 0 && sorted[k].offset === sorted[k - 1].offset)) {
      throw new FormatError(`data offset ${sorted[k].offset} of entry ${sorted[k].entry.dumpId} is impossible`, sorted[k].offset);
    }
  }
  let lastEnd = file.size;
  if (opts.verify) {
    await checkBlockHeaders(file, intSize, sorted);
    lastEnd = await checkLastBlock(file, intSize, last, opts.lastBlockWalkLimit);
  }
  sorted.forEach((d, k) => place(d, d.offset, (k + 1 < sorted.length ? sorted[k + 1].offset : lastEnd) - d.offset));
}

/** Reads the block headers in runs: one read covers every header that starts within a window. */
async function checkBlockHeaders(file: FileWindow, intSize: number, sorted: DataItem[]): Promise<void> {
  const headerBytes = 2 + intSize;
  for (let i = 0; i < sorted.length; ) {
    const from = sorted[i].offset;
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].offset + headerBytes <= from + WINDOW_BYTES) j++;
    const buf = await file.read(from, sorted[j].offset + headerBytes - from);
    for (let k = i; k <= j; k++) {
      const at = sorted[k].offset - from;
      const type = buf[at];
      const id = intAt(buf, at + 1, intSize);
      if ((type !== BLK_DATA && type !== BLK_BLOBS) || id !== sorted[k].entry.dumpId) {
        throw new FormatError(`no data block of entry ${sorted[k].entry.dumpId} at its recorded offset ${sorted[k].offset}`, sorted[k].offset);
      }
    }
    i = j + 1;
  }
}

/** Walks the last block to its terminator (or checks its tail when it is huge); returns its end. */
async function checkLastBlock(file: FileWindow, intSize: number, last: DataItem, walkLimit: number): Promise<number> {
  let walked;
  try {
    walked = await walkBlocks(file, intSize, last.offset, { maxBlocks: 1, byteLimit: walkLimit });
  } catch (err) {
    if (err instanceof BlockCut) throw new DataCut(last.entry, []);
    throw err;
  }
  if (walked.limitReached) {
    const blobs = (await file.read(last.offset, 1))[0] === BLK_BLOBS;
    const termBytes = (blobs ? 2 : 1) * (1 + intSize);
    const from = Math.max(last.offset + 2 + intSize, file.size - 4096 - termBytes);
    const tail = await file.read(from, file.size - from);
    const body = tail.subarray(0, tail.length - termBytes);
    const terminated = tail.subarray(tail.length - termBytes).every((b) => b === 0);
    if (!terminated || body.every((b) => b === 0)) throw new DataCut(last.entry, []);
    return file.size;
  }
  if (walked.end !== file.size) {
    throw new FormatError(`the last data block ends at byte ${walked.end}, before the end of the file`, walked.end);
  }
  return walked.end;
}

/** Walks every block from the end of the TOC; checks each entry with data got exactly one block. */
async function fromScan(file: FileWindow, intSize: number, tocEnd: number, list: DataItem[]): Promise<void> {
  const byId = new Map<number, DataItem>();
  for (const d of list) byId.set(d.entry.dumpId, d);
  const seen = new Set<number>();
  let blocks;
  let cut: TocEntry | null = null;
  try {
    blocks = (await walkBlocks(file, intSize, tocEnd)).blocks;
  } catch (err) {
    if (!(err instanceof BlockCut)) throw err;
    blocks = err.blocks;
    cut = err.block ? (byId.get(err.block.dumpId)?.entry ?? null) : null;
  }
  for (const b of blocks) {
    const d = byId.get(b.dumpId);
    if (!d || seen.has(b.dumpId)) throw new FormatError(`data block for unexpected entry id ${b.dumpId}`, b.start);
    if (d.flag === OFFSET_SET && d.offset !== b.start) {
      throw new FormatError(`entry ${b.dumpId} records offset ${d.offset} but its block is at ${b.start}`, b.start);
    }
    seen.add(b.dumpId);
    place(d, b.start, b.end - b.start);
  }
  const missing = list.filter((d) => !seen.has(d.entry.dumpId) && d.entry !== cut).map((d) => d.entry);
  if (cut || missing.length > 0) throw new DataCut(cut, missing);
}

/**
 * Sets dataOffset/dataSize on every entry that owns a data block. Throws DataCut when the file is
 * cut short, FormatError when the bytes do not match the TOC. With verify off and no offsets
 * recorded, nothing is read and sizes stay unknown.
 */
export async function locateData(file: FileWindow, intSize: number, toc: Toc, opts: LocateOptions): Promise<void> {
  const list = dataItems(toc);
  if (list.length === 0) return;
  if (opts.verify && opts.fullScan) return fromScan(file, intSize, toc.end, list);
  if (list.every((d) => d.flag === OFFSET_SET)) return fromOffsets(file, intSize, toc.end, list, opts);
  if (opts.verify) return fromScan(file, intSize, toc.end, list);
}
