/**
 * Reads one data block of a custom-format archive and counts what it holds, in bounded memory:
 * - a TABLE DATA block (BLK_DATA): its chunks are concatenated, decompressed as pg_restore does
 *   (pg_backup_custom.c: one compressed stream across the chunks of a block) and the COPY rows
 *   counted;
 * - a BLOBS block (BLK_BLOBS): the large objects it holds (one OID each) are counted, their
 *   contents skipped unread.
 * The file is read in windows of WINDOW bytes; a chunk bigger than that is streamed through.
 */
import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { intAt } from '../archive/byte-reader';
import type { FileWindow } from '../archive/file-window';
import type { ArchiveInfo } from '../archive/types';
import { BLK_BLOBS, BLK_DATA } from '../archive/walk-blocks';
import { CopyRowCounter } from './copy-rows';

const WINDOW = 1024 * 1024;

/** What one block holds: rows (TABLE DATA) or objects (BLOBS), or why it could not be counted. */
export interface BlockCount {
  dumpId: number;
  /** COPY rows, or large objects for a BLOBS block; null when not counted. */
  count: number | null;
  /** Bytes of the block in the file (compressed). */
  bytes: number;
  problem: string | null;
}

/** A decompressor for the archive's algorithm, or why there is none in this Node. */
export function decompressorFor(compression: ArchiveInfo['compression']): { make: (() => Transform) | null; problem: string | null } {
  switch (compression) {
    case 'none':
      return { make: null, problem: null };
    case 'gzip':
      return { make: () => zlib.createInflate(), problem: null };
    case 'zstd': {
      const make = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
      return make ? { make: () => make(), problem: null }
        : { make: null, problem: `the archive is zstd-compressed and this Node (${process.version}) has no zstd decoder (Node 22.15 or later has one); its rows were not counted` };
    }
    case 'lz4':
      return { make: null, problem: 'the archive is lz4-compressed and no lz4 decoder is available here; its rows were not counted' };
    default:
      return { make: null, problem: 'the archive names a compression this reader does not know; its rows were not counted' };
  }
}

/** Sequential reads of a file region, one window at a time. */
class Reader {
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  constructor(private readonly file: FileWindow, public pos: number) {}

  /** Ensures `n` bytes at pos are loaded; false at end of file. */
  async need(n: number): Promise<boolean> {
    if (this.pos + n <= this.base + this.buf.length) return true;
    if (this.pos + n > this.file.size) return false;
    this.buf = await this.file.read(this.pos, Math.max(n, WINDOW));
    this.base = this.pos;
    return true;
  }

  int(intSize: number): number {
    const v = intAt(this.buf, this.pos - this.base, intSize);
    this.pos += 1 + intSize;
    return v;
  }

  byte(): number {
    return this.buf[this.pos++ - this.base];
  }

  /** Up to `n` loaded bytes at pos (at least one window's worth is loaded on demand). */
  async take(n: number): Promise<Buffer | null> {
    if (!(await this.need(1))) return null;
    const have = Math.min(n, this.base + this.buf.length - this.pos);
    const out = this.buf.subarray(this.pos - this.base, this.pos - this.base + have);
    this.pos += have;
    return out;
  }
}

class Cut extends Error {}

/** Feeds bytes through an optional decompressor into the row counter, honouring backpressure. */
class Sink {
  private readonly stream: Transform | null;
  private failure: Error | null = null;
  private readonly ended: Promise<void>;

  constructor(make: (() => Transform) | null, private readonly counter: CopyRowCounter) {
    this.stream = make ? make() : null;
    if (!this.stream) {
      this.ended = Promise.resolve();
      return;
    }
    this.stream.on('data', (b: Buffer) => counter.push(b));
    this.ended = new Promise((resolve) => {
      this.stream!.on('end', resolve);
      this.stream!.on('error', (err) => {
        this.failure = err;
        resolve();
      });
    });
  }

  async write(b: Buffer): Promise<void> {
    if (!this.stream) return this.counter.push(b);
    if (this.failure) return;
    const s = this.stream;
    if (s.write(b)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        s.off('drain', done);
        s.off('error', done);
        resolve();
      };
      s.on('drain', done);
      s.on('error', done);
    });
  }

  async end(): Promise<Error | null> {
    this.stream?.end();
    await this.ended;
    return this.failure;
  }
}

/** Counts the rows (or large objects) of the block that starts at `offset`. */
export async function countBlock(file: FileWindow, intSize: number, offset: number, dumpId: number, compression: ArchiveInfo['compression']): Promise<BlockCount> {
  const r = new Reader(file, offset);
  const result = (count: number | null, problem: string | null): BlockCount => ({ dumpId, count, bytes: r.pos - offset, problem });
  try {
    if (!(await r.need(2 + intSize))) throw new Cut();
    const type = r.byte();
    const id = r.int(intSize);
    if ((type !== BLK_DATA && type !== BLK_BLOBS) || id !== dumpId) return result(null, `no data block of entry ${dumpId} at byte ${offset}`);
    if (type === BLK_BLOBS) return result(await countBlobs(r, intSize), null);
    const dec = decompressorFor(compression);
    if (dec.problem) return result(null, dec.problem);
    const counter = new CopyRowCounter();
    const sink = new Sink(dec.make, counter);
    await pipeChunks(r, intSize, (b) => sink.write(b));
    const failed = await sink.end();
    if (failed) return result(null, `the data could not be decompressed (${failed.message})`);
    const done = counter.finish();
    return result(done.problem ? null : done.rows, done.problem);
  } catch (err) {
    if (err instanceof Cut) return result(null, 'the file ends inside this data block');
    throw err;
  }
}

/** Passes each chunk's bytes to `onBytes` until the zero-length chunk that ends the data. */
async function pipeChunks(r: Reader, intSize: number, onBytes: (b: Buffer) => Promise<void> | void): Promise<void> {
  for (;;) {
    if (!(await r.need(1 + intSize))) throw new Cut();
    const len = r.int(intSize);
    if (len === 0) return;
    if (len < 0) throw new Cut();
    let left = len;
    while (left > 0) {
      const part = await r.take(left);
      if (!part) throw new Cut();
      left -= part.length;
      await onBytes(part);
    }
  }
}

/** Counts the OIDs of a BLOBS block, skipping each object's chunks. */
async function countBlobs(r: Reader, intSize: number): Promise<number> {
  let n = 0;
  for (;;) {
    if (!(await r.need(1 + intSize))) throw new Cut();
    if (r.int(intSize) === 0) return n;
    n++;
    for (;;) {
      if (!(await r.need(1 + intSize))) throw new Cut();
      const len = r.int(intSize);
      if (len === 0) break;
      if (len < 0 || r.pos + len > Number.MAX_SAFE_INTEGER) throw new Cut();
      r.pos += len;
    }
  }
}
