/**
 * The reader against archives built byte by byte by the test writer: every format version from
 * 1.12 to 1.16 (no pg_dump 16/17/18 is installed here), unknown versions, damaged and cut files.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { UserError } from '../../../electron/core/errors';
import { sampleEntries, writeArchive, type WriterOptions } from './archive-writer';

const dir = mkdtempSync(join(tmpdir(), 'archive-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(bytes: Buffer): string {
  const p = join(dir, `a${n++}.dump`);
  writeFileSync(p, bytes);
  return p;
}

async function failure(p: string, opts = {}): Promise<UserError> {
  try {
    await readArchive(p, opts);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error(`expected ${p} to be rejected`);
}

describe('format versions', () => {
  const cases: [number, number, string][] = [
    [12, -1, 'gzip'],
    [13, 0, 'none'],
    [14, 6, 'gzip'],
    [15, 3, 'zstd'],
    [15, 2, 'lz4'],
    [16, 1, 'gzip'],
    [16, 0, 'none'],
  ];
  for (const [minor, compression, expected] of cases) {
    for (const offsets of ['set', 'not-set'] as const) {
      it(`reads 1.${minor} (compression ${compression}, offsets ${offsets})`, async () => {
        const opts: WriterOptions = { minor, compression, offsets, database: 'Café db', serverVersion: '17.4', pgDumpVersion: '18.1', tm: [9, 8, 7, 6, 4, 125, 1] };
        const { bytes, blocks, tocEnd } = writeArchive(opts, sampleEntries({ relkind: minor >= 16 }));
        const p = file(bytes);
        const info = await readArchive(p);
        expect(info.archiveVersion).toBe(`1.${minor}`);
        expect(info.archiveVersionFull).toBe(`1.${minor}.0`);
        expect(info.compression).toBe(expected);
        expect(info.createdAt).toBe('2025-05-06T07:08:09');
        expect([info.database, info.serverVersion, info.pgDumpVersion]).toEqual(['Café db', '17.4', '18.1']);
        expect(info.offsetsKnown).toBe(offsets === 'set');
        expect(info.entries.map((e) => e.dumpId)).toEqual([1, 5, 6, 10, 11, 20, 21, 22, 30]);
        const table = info.entries.find((e) => e.dumpId === 10)!;
        expect(table).toMatchObject({ desc: 'TABLE', tag: 'my "tab"', schema: 'Café ü', owner: 'rôle', section: 'pre-data', dependencies: [5], dataOffset: null });
        for (const [id, b] of blocks) {
          expect(info.entries.find((e) => e.dumpId === id)).toMatchObject({ dataOffset: b.start, dataSize: b.end - b.start, hadDumper: true });
        }
        expect(info.dataBytes).toBe(bytes.length - tocEnd);
        expect(info.counts).toEqual({ ENCODING: 1, SCHEMA: 1, EXTENSION: 1, TABLE: 2, 'TABLE DATA': 2, BLOBS: 1, INDEX: 1 });
        expect(info.tables).toEqual([
          { schema: 'Café ü', name: 'my "tab"', owner: 'rôle', dataSize: blocks.get(20)!.end - blocks.get(20)!.start, dataDumpId: 20 },
          { schema: 'public', name: 'empty', owner: 'postgres', dataSize: blocks.get(21)!.end - blocks.get(21)!.start, dataDumpId: 21 },
        ]);
        expect(info.extensions).toEqual(['pg_trgm']);
        expect(info.owners).toEqual(['postgres', 'rôle']);
        expect(info.schemas).toEqual(['Café ü', 'public']);
      });
    }
  }

  it('reads an archive made with 8-byte integers', async () => {
    const { bytes, blocks } = writeArchive({ minor: 14, intSize: 8 }, sampleEntries());
    const info = await readArchive(file(bytes));
    expect(info.entries.find((e) => e.dumpId === 22)?.dataSize).toBe(blocks.get(22)!.end - blocks.get(22)!.start);
  });

  it('refuses a newer format and names its version', async () => {
    const err = await failure(file(writeArchive({ minor: 17, rev: 2 }, sampleEntries()).bytes));
    expect(err.code).toBe('archive-unsupported');
    expect(err.message).toContain('1.17.2');
    expect(err.message).toContain('1.16');
    const major = await failure(file(writeArchive({ major: 2, minor: 0 }, sampleEntries()).bytes));
    expect(major.code).toBe('archive-unsupported');
    expect(major.message).toContain('2.0.0');
  });

  it('refuses formats older than 1.7', async () => {
    const err = await failure(file(Buffer.from([...Buffer.from('PGDMP'), 1, 6, 0, 4, 1, 0, 0, 0, 0])));
    expect(err.code).toBe('archive-unsupported');
    expect(err.message).toMatch(/1\.6\.0.*older/);
  });

  it('says a toc.dat of a directory or tar dump is not a whole archive', async () => {
    const err = await failure(file(writeArchive({ minor: 14, format: 3 }, sampleEntries()).bytes));
    expect(err.code).toBe('archive-unsupported');
    expect(err.message).toContain('toc.dat');
  });
});

describe('truncation', () => {
  for (const offsets of ['set', 'not-set'] as const) {
    const { bytes, blocks, tocEnd } = writeArchive({ minor: 16, offsets }, sampleEntries({ relkind: true }));
    const table = blocks.get(20)!;
    const cuts: [string, number, RegExp][] = [
      ['inside the magic', 3, /archive header/],
      ['inside the header', 30, /archive header/],
      ['inside the TOC', Math.floor(tocEnd / 2), /table of contents \(\d+ of 9 entries read/],
      ['right after the TOC', tocEnd, /table Café ü\.my "tab" \(entry 20\).*missing/],
      ['inside a table block', table.start + 100, /data of table Café ü\.my "tab" \(entry 20\) is cut off.*table public\.empty \(entry 21\), large objects \(entry 22\) are missing/],
      ['between two blocks', table.end, /data of table public\.empty \(entry 21\), large objects \(entry 22\) are missing/],
      ['one byte short', bytes.length - 1, /large objects \(entry 22\) is cut off/],
    ];
    for (const [what, at, message] of cuts) {
      it(`detects a file cut ${what} (offsets ${offsets})`, async () => {
        const err = await failure(file(bytes.subarray(0, at)));
        expect(err.code).toBe('archive-truncated');
        expect(err.message).toMatch(message);
        expect(err.message).toContain('download must be redone');
        expect(err.hint).toMatch(/Download the file again/);
      });
    }
  }

  it('with verify off still rejects offsets past the end, and skips the scan of a piped archive', async () => {
    const seekable = writeArchive({ minor: 14 }, sampleEntries());
    const cutAt = seekable.blocks.get(22)!.start - 1;
    expect((await failure(file(seekable.bytes.subarray(0, cutAt)), { verify: false })).code).toBe('archive-truncated');
    const piped = writeArchive({ minor: 14, offsets: 'not-set' }, sampleEntries());
    const info = await readArchive(file(piped.bytes.subarray(0, cutAt)), { verify: false });
    expect(info.entries.every((e) => e.dataSize === null)).toBe(true);
  });

  it('checks only the tail of a huge last block, and sees a zero-filled (preallocated) tail', async () => {
    const big: Buffer[] = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000, 65 + (i % 20)));
    const entries = [{ dumpId: 1, tag: 't', desc: 'TABLE DATA', section: 3, data: big }];
    const { bytes } = writeArchive({ minor: 14 }, entries);
    const info = await readArchive(file(bytes), { lastBlockWalkLimit: 2000 });
    expect(info.entries[0].dataSize).toBeGreaterThan(50_000);
    const holed = Buffer.from(bytes);
    holed.fill(0, bytes.length - 20_000);
    const err = await failure(file(holed), { lastBlockWalkLimit: 2000 });
    expect(err.code).toBe('archive-truncated');
    // Walking the whole block finds the hole as a premature end.
    expect((await failure(file(holed))).message).toMatch(/damaged/);
  });
});

describe('damage', () => {
  it('notices a recorded offset that does not point at its block', async () => {
    const { bytes, blocks } = writeArchive({ minor: 14 }, sampleEntries());
    const bad = Buffer.from(bytes);
    bad[blocks.get(21)!.start + 1] = 99; // the dumpId in the block header
    const err = await failure(file(bad));
    expect(err.code).toBe('archive-truncated');
    expect(err.message).toMatch(/damaged: no data block of entry 21/);
  });

  it('notices garbage where a piped archive has a block', async () => {
    const { bytes, blocks } = writeArchive({ minor: 14, offsets: 'not-set' }, sampleEntries());
    const bad = Buffer.from(bytes);
    bad[blocks.get(21)!.start] = 9;
    expect((await failure(file(bad))).message).toMatch(/damaged: unknown data block type 9/);
  });

  it('notices trailing bytes after the last block', async () => {
    const { bytes } = writeArchive({ minor: 14 }, sampleEntries());
    expect((await failure(file(Buffer.concat([bytes, Buffer.from('junk')])))).message).toMatch(/before the end of the file/);
  });

  it('full scan and offsets agree on every block', async () => {
    const { bytes } = writeArchive({ minor: 15, compression: 1 }, sampleEntries());
    const p = file(bytes);
    const a = await readArchive(p);
    const b = await readArchive(p, { fullScan: true });
    expect(b.entries.map((e) => [e.dataOffset, e.dataSize])).toEqual(a.entries.map((e) => [e.dataOffset, e.dataSize]));
  });
});
