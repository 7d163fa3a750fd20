/**
 * Walks the data blocks of a custom-format archive (pg_backup_custom.c): each block is a type byte
 * (BLK_DATA = 1, BLK_BLOBS = 3), the entry's dumpId as an int, then
 * - BLK_DATA: chunks of (int length, bytes), ended by a zero length;
 * - BLK_BLOBS: per large object an int OID followed by such chunks, ended by a zero OID.
 * Only the chunk headers are looked at; reads are large and sequential, and a chunk bigger than
 * the window is skipped without being read.
 */
import { FormatError, intAt } from './byte-reader';
import { WINDOW_BYTES, type FileWindow } from './file-window';

export const BLK_DATA = 1;
export const BLK_BLOBS = 3;

/** One data block: [start, end) in the file. */
export interface DataBlock {
  dumpId: number;
  type: number;
  start: number;
  end: number;
}

/** The file ended inside a block (`block` set), or inside a block header (`block` null, at `position`). */
export class BlockCut extends Error {
  constructor(
    readonly block: { dumpId: number; type: number; start: number } | null,
    readonly position: number,
    /** Blocks read completely before the cut. */
    readonly blocks: DataBlock[],
    readonly fileSize: number,
  ) {
    super(`file ends at byte ${fileSize} inside ${block ? `the data block of entry ${block.dumpId}` : 'a block header'}`);
  }
}

export interface WalkOptions {
  /** Stop after this many complete blocks. */
  maxBlocks?: number;
  /** Stop (with `limitReached`) once this many bytes past `start` have been walked. */
  byteLimit?: number;
  windowBytes?: number;
}

export interface WalkResult {
  blocks: DataBlock[];
  /** Position after the last complete block (or where the walk stopped). */
  end: number;
  /** True when byteLimit stopped the walk inside a block. */
  limitReached: boolean;
}

/**
 * Walks blocks from `start` until the end of the file (which must fall exactly between blocks),
 * or until maxBlocks/byteLimit. Throws BlockCut when the file ends inside a block, FormatError
 * when the bytes are not blocks at all.
 */
export async function walkBlocks(file: FileWindow, intSize: number, start: number, opts: WalkOptions = {}): Promise<WalkResult> {
  const headerBytes = 2 + intSize;
  const intBytes = 1 + intSize;
  const windowBytes = opts.windowBytes ?? WINDOW_BYTES;
  const blocks: DataBlock[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let base = start;
  let pos = start;
  let cur: { dumpId: number; type: number; start: number } | null = null;
  let state: 'header' | 'chunk' | 'oid' = 'header';

  for (;;) {
    if (cur && opts.byteLimit !== undefined && pos - start > opts.byteLimit) return { blocks, end: pos, limitReached: true };
    const need = state === 'header' ? headerBytes : intBytes;
    if (pos + need > base + buf.length) {
      if (state === 'header' && pos === file.size) break;
      if (pos + need > file.size) throw new BlockCut(cur, pos, blocks, file.size);
      buf = await file.read(pos, windowBytes);
      base = pos;
      continue;
    }
    const i = pos - base;
    if (state === 'header') {
      const type = buf[i];
      if (type !== BLK_DATA && type !== BLK_BLOBS) throw new FormatError(`unknown data block type ${type}`, pos);
      cur = { dumpId: intAt(buf, i + 1, intSize), type, start: pos };
      pos += headerBytes;
      state = type === BLK_BLOBS ? 'oid' : 'chunk';
      continue;
    }
    const value = intAt(buf, i, intSize);
    pos += intBytes;
    if (state === 'chunk' && value > 0) {
      pos += value;
      if (pos > file.size) throw new BlockCut(cur, pos, blocks, file.size);
      continue;
    }
    if (value < 0 && state === 'chunk') throw new FormatError(`negative chunk length ${value}`, pos - intBytes);
    if (state === 'oid' && value !== 0) {
      state = 'chunk';
      continue;
    }
    // A zero: end of a BLOBS block's object list, end of a plain block, or end of one large object.
    if (state === 'chunk' && cur?.type === BLK_BLOBS) {
      state = 'oid';
      continue;
    }
    blocks.push({ dumpId: cur!.dumpId, type: cur!.type, start: cur!.start, end: pos });
    cur = null;
    state = 'header';
    if (opts.maxBlocks !== undefined && blocks.length >= opts.maxBlocks) break;
  }
  return { blocks, end: pos, limitReached: false };
}
