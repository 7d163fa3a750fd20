/**
 * Damaged archives built by the test writer, each naming a way a real one was seen to fool the
 * reader: huge lengths (on a sparse file as big as they claim), ints with the top bit set, header
 * fields pg_restore refuses, damaged ENCODING/STDSTRINGS entries, a flipped byte in compressed
 * data. Each must be "damaged" with where, within a bounded amount of memory, never a crash.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { UserError } from '../../../electron/core/errors';
import { sampleEntries, writeArchive, type WriterEntry } from './archive-writer';

const dir = mkdtempSync(join(tmpdir(), 'archive-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(bytes: Buffer, sparseSize?: number): string {
  const p = join(dir, `h${n++}.dump`);
  writeFileSync(p, bytes);
  if (sparseSize) truncateSync(p, sparseSize);
  return p;
}

async function damage(p: string): Promise<UserError> {
  const err = await readArchive(p).catch((e: unknown) => e);
  if (!(err instanceof UserError)) throw new Error(`expected a UserError, got ${String(err)}`);
  return err;
}

// Header of a 1.14 archive: magic 5, version 3, intSize, offSize, format, compression int (5), 7 tm ints (35).
const NAME_LENGTH_AT = 5 + 3 + 3 + 5 + 35 + 1;

describe('hostile archives', () => {
  for (const claim of [1_600_000_000, 3_200_000_000, 805_000_000, 470_000_000]) {
    it(`a header string claiming ${claim} bytes, in a file that big: damaged, bounded memory`, async () => {
      const b = Buffer.from(writeArchive({ minor: 14 }, sampleEntries()).bytes);
      b.writeUInt32LE(claim % 2 ** 32, NAME_LENGTH_AT);
      if (claim >= 2 ** 31) b[NAME_LENGTH_AT - 1] = 0; // keep the sign byte positive: the magnitude is the damage
      const p = file(b, 3_300_000_000);
      const before = process.memoryUsage().rss;
      const err = await damage(p);
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
      expect(err.message).toMatch(/is damaged: (string length|integer) .* \(at byte 5\d of 3300000000\)/);
    });
  }

  it('a TOC int with its top bit set', async () => {
    const w = writeArchive({ minor: 14 }, sampleEntries());
    const b = Buffer.from(w.bytes);
    // The first entry's dumpId: the int right after the entry count, which follows the header.
    const countAt = w.bytes.indexOf(Buffer.from('17.2')) + 4 + 5 + 4; // pgDumpVersion string ends the header
    b[countAt + 5 + 4] |= 0x80;
    expect((await damage(file(b))).message).toMatch(/damaged: integer .* does not fit the 32-bit int/);
  });

  it('header compression levels pg_restore refuses', async () => {
    const w = writeArchive({ minor: 14, compression: 0 }, sampleEntries());
    const b = Buffer.from(w.bytes);
    b.writeUInt32LE(42, 12);
    expect((await damage(file(b))).message).toMatch(/compression level 42 is not one pg_dump writes/);
    const w16 = Buffer.from(writeArchive({ minor: 16, compression: 0 }, sampleEntries()).bytes);
    w16[11] = 7;
    expect((await damage(file(w16))).message).toMatch(/compression algorithm 7 is unknown/);
  });

  it('damaged ENCODING and STDSTRINGS entries, and an unknown section code', async () => {
    const withDefn = (desc: string, defn: string, section = 2): WriterEntry[] => [{ dumpId: 1, tag: desc, desc, section, defn }, ...sampleEntries().slice(1)];
    expect((await damage(file(writeArchive({ minor: 14 }, withDefn('ENCODING', "SET client_encoding = 'UTF9';")).bytes))).message).toMatch(/ENCODING entry is damaged/);
    expect((await damage(file(writeArchive({ minor: 14 }, withDefn('STDSTRINGS', "SET standard_conforming_strings = 'of';")).bytes))).message).toMatch(/STDSTRINGS entry is damaged/);
    expect((await damage(file(writeArchive({ minor: 14 }, withDefn('ENCODING', "SET client_encoding = 'UTF8';", 9)).bytes))).message).toMatch(/section code 9/);
  });

  it('a flipped byte in a compressed data block names the table, as pg_restore would fail on it', async () => {
    const w = writeArchive({ minor: 14, compression: -1 }, sampleEntries());
    const b = Buffer.from(w.bytes);
    const blk = w.blocks.get(20)!;
    b[Math.floor((blk.start + blk.end) / 2)] ^= 0x55;
    const err = await damage(file(b));
    expect(err.message).toMatch(/the data of table Café ü\.my "tab" \(entry 20\) cannot be decompressed \(.+\)/);
    expect(err.details).toMatchObject({ where: 'damaged' });
  });
});
