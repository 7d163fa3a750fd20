/**
 * Streams the content of a custom-format archive's data blocks, decompressed, in bounded memory
 * (pg_backup_custom.c _PrintData/_LoadLOs, compress_io.c ReadDataFromArchive):
 * - BLK_DATA: the entry's COPY text, written as chunks (int length, bytes) ended by a zero length;
 *   with gzip the chunks' bytes together form one zlib stream.
 * - BLK_BLOBS: per large object an int OID, then chunks as above (one zlib stream per object),
 *   ended by a zero OID.
 *
 * No chunk is ever read whole: bodies are copied in pieces of at most SLICE_BYTES, and the inflater
 * is pulled by the consumer, so a small block that inflates to gigabytes (a "zip bomb") costs no
 * more memory than a normal one. Damage is a FormatError with the file position where it was seen.
 */
import { Readable, pipeline } from 'node:stream';
import { createInflate, inflateSync } from 'node:zlib';
import { inflateSync as inflateRaw } from 'fflate';
import type { ArchiveInfo } from './types';
import { FormatError, intAt } from './byte-reader';
import type { FileWindow } from './file-window';
import { BLK_BLOBS, BLK_DATA } from './walk-blocks';

/** The size of the pieces chunk bodies are gathered into for the inflater (and of a piece of uncompressed data). */
const SLICE_BYTES = 1024 * 1024;

/** What a block reader needs from the archive header. */
export interface BlockLayout {
  intSize: number;
  compression: ArchiveInfo['compression'];
}

/** One piece of a block's decompressed content. `oid` is null for table data, else the large object's OID. */
export interface BlockPiece {
  oid: number | null;
  bytes: Buffer;
}

/** The compressions this reader can decompress (Node 20 has zlib only; lz4 and zstd blocks are not decoded). */
export function canDecompress(compression: ArchiveInfo['compression']): boolean {
  return compression === 'none' || compression === 'gzip';
}

/** Bytes read from the file at once by the sequential reader (the data check's reads, one per megabyte). */
const READ_BYTES = 1024 * 1024;

/** Sequential reads through a file with one bounded window; every read is checked against the file's size. */
class SeqReader {
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;

  constructor(
    private readonly file: FileWindow,
    public pos: number,
    private readonly what: string,
  ) {}

  /** The window index of `pos` when the next `n` bytes are already in the window, else -1. */
  private inWindow(n: number): number {
    return this.pos >= this.base && this.pos + n <= this.base + this.buf.length ? this.pos - this.base : -1;
  }

  private async load(n: number): Promise<number> {
    if (this.pos + n > this.file.size) throw new FormatError(`${this.what} is cut off: the file ends at byte ${this.file.size}`, this.pos);
    this.buf = await this.file.read(this.pos, Math.max(n, READ_BYTES));
    this.base = this.pos;
    return 0;
  }

  async byte(): Promise<number> {
    let i = this.inWindow(1);
    if (i < 0) i = await this.load(1);
    this.pos += 1;
    return this.buf[i];
  }

  async int(intSize: number): Promise<number> {
    let i = this.inWindow(1 + intSize);
    if (i < 0) i = await this.load(1 + intSize);
    this.pos += 1 + intSize;
    return intAt(this.buf, i, intSize);
  }

  /**
   * Every chunk body up to the zero length that ends a run of chunks, copied once into pieces of
   * SLICE_BYTES (the last one shorter): pg_dump writes its compressed output in chunks of 4 kB,
   * and handing each one to the inflater on its own cost a thread-pool round trip apiece (104 MB
   * of archives: 25,000 writes, 1.5 s of the check's 2.2 s spent waiting on them). No chunk is
   * read whole, and each piece is new: the consumer may hold on to it.
   */
  async *chunks(intSize: number): AsyncGenerator<Buffer> {
    let piece = Buffer.allocUnsafe(SLICE_BYTES);
    let size = 0;
    try {
      for (;;) {
        const at = this.pos;
        const len = await this.int(intSize);
        if (len === 0) break;
        if (len < 0) throw new FormatError(`${this.what} has a negative chunk length (${len})`, at);
        if (this.pos + len > this.file.size) throw new FormatError(`${this.what} is cut off: a chunk of ${len} bytes runs past the end of the file (${this.file.size} bytes)`, this.pos);
        for (let left = len; left > 0;) {
          const n = Math.min(left, SLICE_BYTES - size);
          let i = this.inWindow(n);
          if (i < 0) i = await this.load(n);
          this.buf.copy(piece, size, i, i + n);
          size += n;
          this.pos += n;
          left -= n;
          if (size === SLICE_BYTES) {
            yield piece;
            piece = Buffer.allocUnsafe(SLICE_BYTES);
            size = 0;
          }
        }
      }
    } catch (err) {
      if (size) yield piece.subarray(0, size); // what came before the damage is the block's: the consumer sees it first
      throw err;
    }
    if (size) yield piece.subarray(0, size);
  }
}

/**
 * The inflater's output piece: each is a thread-pool round trip. 64 kB made the 240 MB of COPY
 * data in the balanced bench's biggest dump (59 MB) 3,700 round trips: its check took 1.96–2.39 s
 * (sys 0.46–0.52 s); 256 kB, 1.33–1.61 s (sys 0.16–0.25 s), the same memory (`inspect --json`).
 * 1 MB, with the chunk bodies copied once into the inflater's input pieces and read a megabyte at
 * a time: `inspect --json` of the balanced bench folder 2.83–2.88 s of user CPU → 2.23–2.31 s,
 * wall 3.67–4.08 s → 2.85–3.13 s, peak 138 MB → 122–137 MB (old and new builds interleaved).
 */
const INFLATE_CHUNK_BYTES = 1024 * 1024;

/** Inflates a zlib stream pulled from `input`, yielding output as the consumer asks for it. */
async function* inflate(input: AsyncGenerator<Buffer>, what: string, at: () => number): AsyncGenerator<Buffer> {
  let written = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const b of input) {
      written += b.length;
      yield b;
    }
  }
  const inflater = createInflate({ chunkSize: INFLATE_CHUNK_BYTES });
  pipeline(Readable.from(counted(), { objectMode: false, highWaterMark: SLICE_BYTES }), inflater, () => {});
  try {
    for await (const out of inflater as AsyncIterable<Buffer>) yield out;
  } catch (err) {
    if (err instanceof FormatError || err instanceof RangeError) throw err;
    // zlib's own words, as pg_restore would print them: "could not uncompress data: incorrect data check".
    const msg = (err as Error).message.replace(/^zlib: /, '');
    throw new FormatError(`${what} cannot be decompressed (${msg})`, at());
  }
  if (inflater.bytesWritten < written) {
    // pg_restore never reads past the end of the stream; bytes after it mean the block is not what pg_dump wrote.
    throw new FormatError(`${what} has ${written - inflater.bytesWritten} bytes after the end of its compressed data`, at());
  }
}

/**
 * The decompressed content of the data block that starts at `start` (its type byte), piece by
 * piece, in bounded memory. `expectId` (the TOC entry's dumpId) is checked against the block's
 * header when given. Throws FormatError on any damage: a cut chunk, a bad length, a zlib error,
 * bytes after a compressed stream's end, or a compression it cannot decode (lz4, zstd).
 */
export async function* blockPieces(file: FileWindow, layout: BlockLayout, start: number, expectId?: number, label?: string): AsyncGenerator<BlockPiece> {
  const what = label ? `the data of ${label}` : expectId === undefined ? `the data block at byte ${start}` : `the data block of entry ${expectId}`;
  if (!canDecompress(layout.compression)) throw new FormatError(`${what} is compressed with ${layout.compression}, which this app cannot decompress`, start);
  const r = new SeqReader(file, start, what);
  const type = await r.byte();
  const id = await r.int(layout.intSize);
  if (type !== BLK_DATA && type !== BLK_BLOBS) throw new FormatError(`${what} has an unknown block type ${type}`, start);
  if (expectId !== undefined && id !== expectId) throw new FormatError(`${what} names entry ${id} instead`, start);
  const content = (oid: number | null) => (layout.compression === 'gzip' ? inflate(r.chunks(layout.intSize), oid === null ? what : `large object ${oid} in ${what}`, () => r.pos) : r.chunks(layout.intSize));
  if (type === BLK_DATA) {
    for await (const bytes of content(null)) yield { oid: null, bytes };
    return;
  }
  for (;;) {
    // WriteInt takes a C int: OIDs above 2^31 come out negative; give the OID back as unsigned.
    const raw = await r.int(layout.intSize);
    if (raw === 0) return;
    const oid = raw < 0 ? raw + 2 ** 32 : raw;
    for await (const bytes of content(oid)) yield { oid, bytes };
  }
}

/** The decompressed COPY text of a TABLE DATA block, chunk by chunk (see blockPieces). */
export async function* tableDataChunks(file: FileWindow, layout: BlockLayout, start: number, expectId?: number): AsyncGenerator<Buffer> {
  for await (const piece of blockPieces(file, layout, start, expectId)) {
    if (piece.oid !== null) throw new FormatError(`the data block at byte ${start} holds large objects, not table data`, start);
    yield piece.bytes;
  }
}

/** Blocks up to this size as stored are checked from bytes already read, inflated in one call (smallBlockData). */
export const SMALL_BLOCK_BYTES = 256 * 1024;
/** The most one small block may inflate to in one call; a block that inflates further is streamed instead. */
const SMALL_OUTPUT_BYTES = 8 * 1024 * 1024;

/** The output buffer of tiny-block inflates, allocated once (untouched pages cost no memory). */
let smallOutput: Uint8Array | null = null;

/**
 * Below this many compressed bytes a block is inflated by fflate (JavaScript) into one reused
 * buffer: Node's inflateSync builds a zlib stream object with native state per call (17 µs for a
 * one-row table, most of inspect's time and garbage on 20,000 of them; fflate 5 µs). Above it
 * native zlib wins by far (measured: 450 bytes fflate 420 µs / zlib 50 µs; 10 kB 8.6 ms / 0.5 ms;
 * `inspect --json` of the bench's twelve tenant databases 0.67–0.76 s → 0.62–0.71 s of user CPU).
 */
const JS_INFLATE_BYTES = 256;

/**
 * Inflates a whole zlib stream held in `data` in one synchronous call. Null when the header is not
 * plain zlib, the deflate data is bad, the output would pass SMALL_OUTPUT_BYTES, the Adler-32 after
 * it does not match, or bytes follow the stream's end — the streaming reader then says exactly
 * what is wrong.
 */
function inflateWhole(data: Buffer): Buffer | null {
  // RFC 1950 header: deflate (CM 8), a window of at most 32 kB, no preset dictionary, a valid check.
  if (data.length < 6 || (data[0] & 0x0f) !== 8 || data[0] >> 4 > 7 || (data[1] & 0x20) !== 0 || ((data[0] << 8) | data[1]) % 31 !== 0) return null;
  return data.length <= JS_INFLATE_BYTES ? inflateTiny(data) : inflateNative(data);
}

/** Native zlib in one call; it checks the Adler-32 itself. */
function inflateNative(data: Buffer): Buffer | null {
  try {
    const { buffer, engine } = inflateSync(data, { info: true, maxOutputLength: SMALL_OUTPUT_BYTES }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    // zlib stops at the stream's end without a word: bytes after it mean the block is not what pg_dump wrote.
    return engine.bytesWritten === data.length ? buffer : null;
  } catch {
    return null;
  }
}

/** fflate into the reused output buffer (untouched pages cost no memory). */
function inflateTiny(data: Buffer): Buffer | null {
  smallOutput ??= new Uint8Array(SMALL_OUTPUT_BYTES);
  let out: Uint8Array;
  try {
    out = inflateRaw(data.subarray(2, data.length - 4), { out: smallOutput });
  } catch {
    return null;
  }
  // A full buffer may be a cut one (the inflater truncates to fit).
  if (out.length >= SMALL_OUTPUT_BYTES) return null;
  // A zlib stream ends with the Adler-32 of its content: when the block's bytes end with it, no
  // bytes follow the compressed data (the inflater stops at the last deflate block silently).
  if (data.readUInt32BE(data.length - 4) !== adler32(out)) return null;
  return Buffer.from(out);
}

/**
 * The decompressed COPY text of a TABLE DATA block held whole in `block` (its bytes as stored,
 * from the type byte): what blockPieces would yield, without a stream or a read per chunk — a
 * catalog of 20,000 small tables is 20,000 such blocks. Null whenever anything is not plain (large
 * objects, a header or chunk that does not fit in `block`, a zlib error, bytes after the
 * compressed data, more than SMALL_OUTPUT_BYTES inflated): blockPieces then reads the block and
 * says exactly what is wrong, in bounded memory.
 */
export function smallBlockData(block: Buffer, layout: BlockLayout, expectId?: number): Buffer | null {
  const int = layout.intSize + 1;
  if (!canDecompress(layout.compression) || block.length < 1 + int) return null;
  if (block[0] !== BLK_DATA || (expectId !== undefined && intAt(block, 1, layout.intSize) !== expectId)) return null;
  const bodies: Buffer[] = [];
  let pos = 1 + int;
  for (;;) {
    if (pos + int > block.length) return null;
    const len = intAt(block, pos, layout.intSize);
    pos += int;
    if (len === 0) break;
    if (len < 0 || pos + len > block.length) return null;
    bodies.push(block.subarray(pos, pos + len));
    pos += len;
  }
  const data = bodies.length === 1 ? bodies[0] : Buffer.concat(bodies);
  return layout.compression === 'none' ? data : inflateWhole(data);
}

/** Adler-32 (RFC 1950) of `buf`. */
function adler32(buf: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < buf.length;) {
    // 5552 bytes is the most that cannot overflow before the modulo (zlib's NMAX).
    const end = Math.min(buf.length, i + 5552);
    for (; i < end; i++) {
      a += buf[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Reads a block to its end, discarding the content; returns the decompressed size. Throws FormatError on damage. */
export async function checkBlock(file: FileWindow, layout: BlockLayout, start: number, expectId?: number, label?: string): Promise<number> {
  let total = 0;
  for await (const piece of blockPieces(file, layout, start, expectId, label)) total += piece.bytes.length;
  return total;
}
