import { describe, expect, it } from 'vitest';
import { ByteCursor, FormatError, OutOfBytes, OFFSET_NO_DATA, OFFSET_NOT_SET, OFFSET_SET, intAt } from '../../../electron/core/archive/byte-reader';

const cursor = (bytes: number[] | Buffer, base = 0) => new ByteCursor(Buffer.from(bytes), base, base);

describe('archive ints', () => {
  it('reads a sign byte then little-endian magnitude', () => {
    const c = cursor([0, 0x39, 0x30, 0, 0, 1, 5, 0, 0, 0]);
    expect(c.int()).toBe(12345);
    expect(c.int()).toBe(-5);
    expect(c.pos).toBe(10);
  });

  it('honours an 8-byte integer size, but only for values a C int holds (as pg_restore reads them)', () => {
    const c = cursor([0, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    c.intSize = 8;
    expect(c.int()).toBe(263);
    expect(() => c.int()).toThrow(/does not fit the 32-bit int/);
    expect(intAt(Buffer.from([1, 255, 255, 255, 127]), 0, 4)).toBe(-(2 ** 31 - 1));
  });

  it('refuses ints with the top bit set, odd sign bytes and implausible string lengths', () => {
    expect(() => cursor([0, 0, 0, 0, 0x80]).int()).toThrow(/does not fit/);
    expect(() => cursor([2, 1, 0, 0, 0]).int()).toThrow(/sign byte 2/);
    // A header that claims a 1.6 GB name is damage, whatever the file's size.
    const len = Buffer.alloc(5);
    len.writeUInt32LE(1_600_000_000, 1);
    expect(() => cursor([...len]).str()).toThrow(/string length 1600000000 is not plausible/);
    expect(() => cursor([1, 5, 0, 0, 0]).str()).toThrow(/string length -5 is negative/);
  });

  it('throws OutOfBytes with the absolute position it needed, leaving the cursor for a retry', () => {
    const c = cursor([0, 1, 0], 1000);
    expect(() => c.int()).toThrow(OutOfBytes);
    try {
      c.int();
    } catch (err) {
      expect((err as OutOfBytes).needed).toBe(1005);
    }
  });
});

describe('archive strings', () => {
  const str = (s: string | null) => {
    if (s === null) return [1, 1, 0, 0, 0];
    const b = Buffer.from(s, 'utf8');
    return [0, b.length & 255, b.length >> 8, 0, 0, ...b];
  };

  it('reads NULL, empty and UTF-8 strings', () => {
    const c = cursor([...str(null), ...str(''), ...str('Café ü "x"')]);
    expect(c.str()).toBeNull();
    expect(c.str()).toBe('');
    expect(c.str()).toBe('Café ü "x"');
  });

  it('interns repeated short strings but still decodes different ones with the same length', () => {
    const c = cursor([...str('TABLE'), ...str('TABLE'), ...str('INDEX'), ...str('Rôle'), ...str('Rôle')]);
    const a = c.internedStr();
    expect(c.internedStr()).toBe(a);
    expect(c.internedStr()).toBe('INDEX');
    expect(c.internedStr()).toBe('Rôle');
    expect(c.internedStr()).toBe('Rôle');
  });

  it('skips strings and reads decimal strings without building them', () => {
    const c = cursor([...str('a long definition'), ...str('3461'), ...str('-7'), ...str(null)]);
    c.skipStr();
    expect(c.decimalStr()).toBe(3461);
    expect(c.decimalStr()).toBe(-7);
    expect(c.decimalStr()).toBeNull();
    expect(() => cursor(str('12x')).decimalStr()).toThrow(FormatError);
  });

  it('runs out of bytes inside a string body', () => {
    const c = cursor(str('abcdef').slice(0, 8));
    expect(() => c.str()).toThrow(OutOfBytes);
  });
});

describe('archive offsets', () => {
  it('reads the flag then offSize little-endian bytes', () => {
    const c = cursor([OFFSET_SET, 0x10, 0x27, 0, 0, 1, 0, 0, 0, OFFSET_NOT_SET, 0, 0, 0, 0, 0, 0, 0, 0, OFFSET_NO_DATA, 0, 0, 0, 0, 0, 0, 0, 0]);
    c.offset();
    expect([c.offsetFlag, c.offsetValue]).toEqual([OFFSET_SET, 10000 + 2 ** 32]);
    c.offset();
    expect(c.offsetFlag).toBe(OFFSET_NOT_SET);
    c.offset();
    expect(c.offsetFlag).toBe(OFFSET_NO_DATA);
  });

  it('rejects an unknown flag and absurd offsets', () => {
    expect(() => cursor([7, 0, 0, 0, 0, 0, 0, 0, 0]).offset()).toThrow(/unexpected data offset flag 7/);
    expect(() => cursor([OFFSET_SET, 0, 0, 0, 0, 0, 0, 0, 1]).offset()).toThrow(FormatError);
  });
});
