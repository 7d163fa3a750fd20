/**
 * The streaming data-block reader on archives written by the test writer: plain and zlib blocks,
 * large objects, damage (flipped byte, cut chunk, trailing bytes, wrong id) and a block that
 * inflates to far more than it occupies, read with bounded memory.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { blockPieces, checkBlock, smallBlockData, SMALL_BLOCK_BYTES, tableDataChunks, type BlockLayout } from '../../../electron/core/archive/data-blocks';
import { openArchive, readArchive } from '../../../electron/core/archive/read-archive';
import { FileWindow } from '../../../electron/core/archive/file-window';
import { FormatError } from '../../../electron/core/archive/byte-reader';
import { writeArchive, type WriterEntry } from './archive-writer';

const dir = mkdtempSync(join(tmpdir(), 'data-blocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = Buffer.from(Array.from({ length: 5000 }, (_, i) => `${i}\trow ${i}\n`).join(''));

/** Splits a buffer into chunks of at most `n` bytes, as pg_dump's compressor writes them. */
function split(b: Buffer, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += n) out.push(b.subarray(i, i + n));
  return out;
}

function entries(): WriterEntry[] {
  const enc = (b: Buffer) => split(b, 4096);
  return [
    { dumpId: 10, tag: 't', desc: 'TABLE', schema: 'public', owner: 'o' },
    { dumpId: 20, tag: 't', desc: 'TABLE DATA', section: 3, schema: 'public', owner: 'o', deps: [10], data: enc(rows) },
    { dumpId: 21, tag: 'BLOBS', desc: 'BLOBS', section: 3, data: { blobs: [{ oid: 16400, chunks: enc(Buffer.from('hello')) }, { oid: 3_000_000_000, chunks: enc(Buffer.alloc(70_000, 7)) }] } },
  ];
}

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

async function collect(path: string, layout: BlockLayout, start: number, id?: number) {
  const file = await FileWindow.open(path);
  try {
    const out: { oid: number | null; bytes: Buffer }[] = [];
    for await (const p of blockPieces(file, layout, start, id)) out.push(p);
    return out;
  } finally {
    await file.close();
  }
}

describe('data blocks', () => {
  for (const gzip of [false, true]) {
    it(`streams table data and large objects (${gzip ? 'zlib' : 'uncompressed'})`, async () => {
      const w = writeArchive({ minor: 14, compression: gzip ? -1 : 0 }, entries());
      const path = write(`ok-${gzip}`, w.bytes);
      const a = await openArchive(path);
      try {
        expect(a.layout.compression).toBe(gzip ? 'gzip' : 'none');
        const data = a.info.entries.find((e) => e.dumpId === 20)!;
        const chunks: Buffer[] = [];
        for await (const c of tableDataChunks(a.file, a.layout, data.dataOffset!, 20)) chunks.push(c);
        expect(Buffer.concat(chunks).equals(rows)).toBe(true);
      } finally {
        await a.close();
      }
      const blobs = await collect(path, { intSize: 4, compression: gzip ? 'gzip' : 'none' }, w.blocks.get(21)!.start, 21);
      const byOid = new Map<number, number>();
      for (const p of blobs) byOid.set(p.oid!, (byOid.get(p.oid!) ?? 0) + p.bytes.length);
      expect([...byOid]).toEqual([[16400, 5], [3_000_000_000, 70_000]]);
    });
  }

  it('reports a flipped byte in a zlib block as zlib does ("incorrect data check") with the entry', async () => {
    const w = writeArchive({ minor: 14, compression: -1 }, entries());
    const b = Buffer.from(w.bytes);
    const blk = w.blocks.get(20)!;
    b[blk.end - 8] ^= 0xff; // inside the adler32 trailer of the last chunk
    const path = write('flipped', b);
    const file = await FileWindow.open(path);
    const err = await checkBlock(file, { intSize: 4, compression: 'gzip' }, blk.start, 20).catch((e: unknown) => e);
    await file.close();
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/entry 20 cannot be decompressed \(incorrect data check\)/);
  });

  it('refuses a cut chunk, a wrong block id and bytes after the compressed stream', async () => {
    const w = writeArchive({ minor: 14, compression: -1 }, entries());
    const blk = w.blocks.get(20)!;
    const cut = write('cut', w.bytes.subarray(0, blk.start + 100));
    let f = await FileWindow.open(cut);
    await expect(checkBlock(f, { intSize: 4, compression: 'gzip' }, blk.start, 20)).rejects.toThrow(/cut off/);
    await expect(checkBlock(f, { intSize: 4, compression: 'gzip' }, blk.start, 99)).rejects.toThrow(/names entry 20 instead/);
    await f.close();

    // A zlib stream followed by extra bytes inside the same block.
    const data = [...split(deflateSync(rows), 4096), Buffer.from('junk')];
    const w2 = writeArchive({ minor: 14, compression: -1, rawData: true }, [{ ...entries()[1], data }]);
    f = await FileWindow.open(write('trailing', w2.bytes));
    await expect(checkBlock(f, { intSize: 4, compression: 'gzip' }, w2.blocks.get(20)!.start, 20)).rejects.toThrow(/4 bytes after the end of its compressed data/);
    await f.close();
  });

  it('reads a block that inflates to 256 MB without holding it in memory', async () => {
    const big = deflateSync(Buffer.alloc(256 * 1024 * 1024, 0x61), { level: 9 });
    const w = writeArchive({ minor: 14, compression: -1, rawData: true }, [{ ...entries()[1], data: split(big, 4096) }]);
    const f = await FileWindow.open(write('bomb', w.bytes));
    const before = process.memoryUsage().rss;
    let peak = before;
    let total = 0;
    for await (const p of blockPieces(f, { intSize: 4, compression: 'gzip' }, w.blocks.get(20)!.start, 20)) {
      total += p.bytes.length;
      if ((total & 0xffffff) < p.bytes.length) peak = Math.max(peak, process.memoryUsage().rss);
    }
    await f.close();
    expect(total).toBe(256 * 1024 * 1024);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('small blocks read whole (smallBlockData, the inspect check of many tiny tables)', () => {
  const layout: BlockLayout = { intSize: 4, compression: 'gzip' };
  const block = (data: Buffer[] | { blobs: { oid: number; chunks: Buffer[] }[] }, raw = false) => {
    const w = writeArchive({ minor: 14, compression: -1, rawData: raw }, [{ ...entries()[1], data } as WriterEntry]);
    const b = w.blocks.get(20)!;
    return w.bytes.subarray(b.start, b.end);
  };

  it('gives what the streaming reader gives, for zlib and uncompressed blocks', () => {
    expect(smallBlockData(block(split(rows, 4096)), layout, 20)?.equals(rows)).toBe(true);
    const w = writeArchive({ minor: 14, compression: 0 }, [entries()[1]]);
    const b = w.blocks.get(20)!;
    expect(smallBlockData(w.bytes.subarray(b.start, b.end), { intSize: 4, compression: 'none' }, 20)?.equals(rows)).toBe(true);
  });

  it('inflates every kind of deflate block (stored, fixed, dynamic Huffman) as zlib does', () => {
    const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `${i}\t${(i * 7919) % 1000}\tname ${i.toString(36)}\n`).join(''));
    for (const level of [0, 1, 6, 9]) {
      for (const body of [text, text.subarray(0, 9), Buffer.alloc(0)]) {
        expect(smallBlockData(block(split(deflateSync(body, { level }), 4096), true), layout, 20)?.equals(body), `level ${level}, ${body.length} bytes`).toBe(true);
      }
    }
    // A zlib header that is not deflate with a valid check is left to the streaming reader.
    const wrongHeader = deflateSync(text);
    wrongHeader[1] ^= 0x01;
    expect(smallBlockData(block([wrongHeader], true), layout, 20)).toBeNull();
  });

  it('leaves damage to the streaming reader with either inflater (tiny blocks in JavaScript, others native)', () => {
    const tiny = Buffer.from('1\tone row\n');
    for (const body of [tiny, rows]) {
      const z = deflateSync(body);
      expect(smallBlockData(block([z], true), layout, 20)?.equals(body)).toBe(true);
      const badCheck = Buffer.from(z);
      badCheck[badCheck.length - 1] ^= 0x01; // the Adler-32 after the data
      expect(smallBlockData(block([badCheck], true), layout, 20), `${body.length} bytes, bad check`).toBeNull();
      expect(smallBlockData(block([z.subarray(0, z.length - 2)], true), layout, 20), `${body.length} bytes, cut`).toBeNull();
      expect(smallBlockData(block([z, Buffer.from('x')], true), layout, 20), `${body.length} bytes, a byte after`).toBeNull();
    }
  });

  it('leaves to the streaming reader anything it cannot prove plain: null, never a wrong answer', () => {
    const good = block(split(rows, 4096));
    expect(smallBlockData(good, layout, 21)).toBeNull(); // another entry's block
    expect(smallBlockData(good.subarray(0, good.length - 10), layout, 20)).toBeNull(); // cut
    const flipped = Buffer.from(good);
    flipped[40] ^= 0xff;
    expect(smallBlockData(flipped, layout, 20)).toBeNull();
    // Bytes after the end of the compressed stream: inflateSync alone would not notice them.
    expect(smallBlockData(block([...split(deflateSync(rows), 4096), Buffer.from('junk')], true), layout, 20)).toBeNull();
    // More than it may inflate in one call (a "zip bomb" stays streamed, in bounded memory).
    expect(smallBlockData(block(split(deflateSync(Buffer.alloc(20 * 1024 * 1024)), 4096), true), layout, 20)).toBeNull();
  });
});

describe('the archive check of big blocks, several at once', () => {
  // Random text does not compress: each block is well over the small-block size, so each is streamed.
  const big = (seed: number) => Buffer.from(Array.from({ length: 6000 }, (_, i) => `${i}\t${randomBytes(48).toString('hex')}${seed}\n`).join(''));
  const bigEntries = (): WriterEntry[] => [
    { dumpId: 10, tag: 'a', desc: 'TABLE', schema: 'public', owner: 'o' },
    { dumpId: 11, tag: 'b', desc: 'TABLE', schema: 'public', owner: 'o' },
    { dumpId: 20, tag: 'a', desc: 'TABLE DATA', section: 3, schema: 'public', owner: 'o', deps: [10], copyStmt: 'COPY public.a FROM stdin;', data: [big(1)] },
    { dumpId: 21, tag: 'b', desc: 'TABLE DATA', section: 3, schema: 'public', owner: 'o', deps: [11], copyStmt: 'COPY public.b FROM stdin;', data: [big(2)] },
  ];

  it('reads whole big blocks, checked in gathered pieces rather than 4 kB chunk by chunk', async () => {
    const w = writeArchive({ minor: 14, compression: -1 }, bigEntries());
    expect(w.blocks.get(20)!.end - w.blocks.get(20)!.start).toBeGreaterThan(SMALL_BLOCK_BYTES);
    const info = await readArchive(write('big-whole', w.bytes));
    expect(info.entries.filter((e) => e.desc === 'TABLE DATA').map((e) => e.dataSize! > SMALL_BLOCK_BYTES)).toEqual([true, true]);
  });

  it('names the first damaged block in file order, though a later one fails sooner', async () => {
    const w = writeArchive({ minor: 14, compression: -1 }, bigEntries());
    const b = Buffer.from(w.bytes);
    b[w.blocks.get(20)!.end - 8] ^= 0xff; // the first block's trailer: found only at its very end
    b[w.blocks.get(21)!.start + 200] ^= 0xff; // the second's first bytes: found at once
    const err = await readArchive(write('big-damaged', b)).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/table public\.a \(entry 20\) cannot be decompressed/);
  });
});
