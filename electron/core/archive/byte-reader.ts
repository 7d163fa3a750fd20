/**
 * The primitives of pg_dump's archive format, read from an in-memory window of the file
 * (src/bin/pg_dump/pg_backup_archiver.c: ReadInt, ReadStr, ReadOffset).
 *
 * - int: a sign byte (non-zero = negative), then `intSize` bytes of magnitude, least significant first.
 * - string: an int length (negative = NULL), then that many bytes.
 * - offset: a flag byte (1 not set, 2 set, 3 no data), then `offSize` bytes, least significant first.
 *
 * A read that needs bytes past the end of the window throws `OutOfBytes`; the caller loads a larger
 * window and retries from a position it saved. Nothing here does I/O.
 */

/** A read ran past the end of the loaded window; `needed` is the absolute file position it needed to reach. */
export class OutOfBytes extends Error {
  constructor(readonly needed: number) {
    super(`needs bytes up to position ${needed}`);
  }
}

/** The bytes do not follow the archive format (a bug in the file, not in us); `position` is where it was seen. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Offset flags written by WriteOffset (pg_backup_archiver.h). */
export const OFFSET_NOT_SET = 1;
export const OFFSET_SET = 2;
export const OFFSET_NO_DATA = 3;

/** The longest string decoded from a TOC or header (names, kinds, owners): far beyond any real one. */
export const MAX_DECODED_STRING = 1024 * 1024;
/** The longest string skipped (definitions): a TOC entry is loaded whole, so this bounds memory too. */
export const MAX_SKIPPED_STRING = 64 * 1024 * 1024;
/** WriteInt writes a C int: a magnitude from 2^31 up is never written, and pg_restore would read it as another number. */
const INT_LIMIT = 2 ** 31;

/** Reads an archive int at `i` of `buf` (sign byte + `intSize` bytes), without bounds checks. */
export function intAt(buf: Buffer, i: number, intSize: number): number {
  let value = 0;
  let mul = 1;
  for (let b = 1; b <= intSize; b++) {
    value += buf[i + b] * mul;
    mul *= 256;
  }
  return buf[i] !== 0 ? -value : value;
}

/** A read position over a window of the file that starts at absolute position `base`. */
export class ByteCursor {
  /** Absolute file position of the next byte to read. */
  pos: number;
  intSize = 4;
  offSize = 8;
  /** Results of the last offset() call. */
  offsetFlag = 0;
  offsetValue = 0;
  /** Decodes string bytes; pg_dump writes them in the database encoding (UTF-8 almost always). */
  decode: (buf: Buffer, start: number, end: number) => string = (buf, start, end) => buf.toString('utf8', start, end);

  constructor(
    private buf: Buffer,
    private base: number,
    pos = base,
  ) {
    this.pos = pos;
  }

  /** Absolute position just past the last loaded byte. */
  get windowEnd(): number {
    return this.base + this.buf.length;
  }

  /** Replaces the window (after loading more of the file) and moves to `pos`. */
  reset(buf: Buffer, base: number, pos: number): void {
    this.buf = buf;
    this.base = base;
    this.pos = pos;
  }

  private take(n: number): number {
    const i = this.pos - this.base;
    if (i + n > this.buf.length) throw new OutOfBytes(this.pos + n);
    this.pos += n;
    return i;
  }

  byte(): number {
    return this.buf[this.take(1)];
  }

  bytes(n: number): Buffer {
    const i = this.take(n);
    return this.buf.subarray(i, i + n);
  }

  /** An int as WriteInt writes it; FormatError when its magnitude does not fit a C int, or its sign byte is not 0 or 1. */
  int(): number {
    const start = this.pos;
    const i = this.take(1 + this.intSize);
    const v = intAt(this.buf, i, this.intSize);
    if (this.buf[i] > 1) throw new FormatError(`integer sign byte ${this.buf[i]} is neither 0 nor 1`, start);
    if (Math.abs(v) >= INT_LIMIT) throw new FormatError(`integer ${v} does not fit the 32-bit int pg_dump writes`, start);
    return v;
  }

  /** A string length: -1 for NULL, else at most `max`. */
  private strLen(max: number): number {
    const start = this.pos;
    const len = this.int();
    if (len < -1) throw new FormatError(`string length ${len} is negative`, start);
    if (len > max) throw new FormatError(`string length ${len} is not plausible (more than ${max} bytes)`, start);
    return len;
  }

  /** A string, or null when pg_dump wrote NULL (length -1). */
  str(): string | null {
    const len = this.strLen(MAX_DECODED_STRING);
    if (len < 0) return null;
    const i = this.take(len);
    return this.decode(this.buf, i, i + len);
  }

  private readonly interned = new Map<number, string>();

  /**
   * Like str(), for values that repeat across entries (kinds, owners, schemas): short ASCII
   * strings are looked up by a hash of their bytes first, which saves decoding and garbage on
   * large TOCs.
   */
  internedStr(): string | null {
    const len = this.strLen(MAX_DECODED_STRING);
    if (len < 0) return null;
    const i = this.take(len);
    const buf = this.buf;
    if (len > 64) return this.decode(buf, i, i + len);
    let h = len;
    let high = 0;
    for (let k = i; k < i + len; k++) {
      h = (Math.imul(h, 31) + buf[k]) | 0;
      high |= buf[k];
    }
    // Only ASCII is cached: there a string's char codes are its bytes, so the check below is exact.
    if (high >= 0x80) return this.decode(buf, i, i + len);
    const hit = this.interned.get(h);
    if (hit !== undefined && hit.length === len) {
      let same = true;
      for (let k = 0; k < len && same; k++) same = hit.charCodeAt(k) === buf[i + k];
      if (same) return hit;
    }
    const s = this.decode(buf, i, i + len);
    this.interned.set(h, s);
    return s;
  }

  /** Skips a string without decoding it (definitions can be large); returns its length (-1 for NULL). */
  skipStr(): number {
    const len = this.strLen(MAX_SKIPPED_STRING);
    if (len > 0) this.take(len);
    return len;
  }

  /**
   * A string holding a decimal integer (how pg_dump stores OIDs and dependency ids), parsed without
   * building the string. Returns null for NULL, which ends a dependency list.
   */
  decimalStr(): number | null {
    const len = this.strLen(64);
    if (len < 0) return null;
    if (len === 0 || len > 10) throw new FormatError(`a number of ${len} digits`, this.pos);
    const i = this.take(len);
    let value = 0;
    let sign = 1;
    for (let k = i; k < i + len; k++) {
      const c = this.buf[k];
      if (c === 0x2d && k === i) sign = -1;
      else if (c >= 0x30 && c <= 0x39) value = value * 10 + (c - 0x30);
      else throw new FormatError(`expected a number, found byte ${c}`, this.base + k);
    }
    if (value > 0xffffffff) throw new FormatError(`number ${value} is larger than an OID`, this.pos);
    return sign * value;
  }

  /**
   * An offset with its flag, as written by WriteOffset; the results land in `offsetFlag` and
   * `offsetValue` (no object per call: a large TOC has tens of thousands).
   */
  offset(): void {
    const start = this.pos;
    const flag = this.byte();
    if (flag !== OFFSET_NOT_SET && flag !== OFFSET_SET && flag !== OFFSET_NO_DATA) {
      throw new FormatError(`unexpected data offset flag ${flag}`, start);
    }
    const i = this.take(this.offSize);
    let offset = 0;
    let mul = 1;
    for (let b = 0; b < this.offSize; b++) {
      const v = this.buf[i + b];
      if (b >= 7 && v !== 0) throw new FormatError('data offset too large', start);
      offset += v * mul;
      mul *= 256;
    }
    this.offsetFlag = flag;
    this.offsetValue = offset;
  }
}
