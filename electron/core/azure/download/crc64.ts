/**
 * CRC-64 as Azure Storage computes it for `x-ms-content-crc64`: the NVMe variant (reflected
 * polynomial 0x9A6C9329AC4BC9B5, initial value and final XOR all ones; "123456789" gives
 * 0xAE8B14860A799888), sent as its 8 bytes least significant first. Every byte of a blob without
 * Content-MD5 goes through it, so it is built for speed: the 64-bit value is two int32 halves
 * (V8 keeps them in registers; values kept unsigned with `>>> 0` become heap numbers and ran at a
 * ninth of the speed), and the bytes are taken sixteen at a time as four little-endian 32-bit
 * words read straight from the buffer (slicing-by-16: measured about 7× the byte-combining
 * slicing-by-8 it replaces).
 */

const POLY_HI = 0x9a6c9329 | 0;
const POLY_LO = 0xac4bc9b5 | 0;
const SLICES = 16;

/** Sixteen tables of 256 entries; entry k of table t is at [t * 256 + k]. */
const HI = new Int32Array(SLICES * 256);
const LO = new Int32Array(SLICES * 256);

for (let b = 0; b < 256; b++) {
  let hi = 0;
  let lo = b;
  for (let i = 0; i < 8; i++) {
    const odd = lo & 1;
    lo = (lo >>> 1) | ((hi & 1) << 31);
    hi = hi >>> 1;
    if (odd) {
      hi ^= POLY_HI;
      lo ^= POLY_LO;
    }
  }
  HI[b] = hi;
  LO[b] = lo;
}
for (let t = 1; t < SLICES; t++) {
  for (let b = 0; b < 256; b++) {
    const hi = HI[(t - 1) * 256 + b];
    const lo = LO[(t - 1) * 256 + b];
    const k = lo & 0xff;
    HI[t * 256 + b] = (hi >>> 8) ^ HI[k];
    LO[t * 256 + b] = ((lo >>> 8) | (hi << 24)) ^ LO[k];
  }
}

/** Words are read in the machine's order, which must be little-endian (every platform Node and Electron ship for). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A running CRC-64 over bytes fed in order. */
export interface Crc64 {
  update(bytes: Uint8Array): Crc64;
  /** The 8 bytes as Azure sends them (least significant first). */
  digest(): Buffer;
}

/** The state after bytes [from, to) of `buf`, one byte at a time. */
function bytewise(state: Int32Array, buf: Uint8Array, from: number, to: number): void {
  let hi = state[0];
  let lo = state[1];
  for (let i = from; i < to; i++) {
    const k = (lo ^ buf[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ LO[k];
    hi = (hi >>> 8) ^ HI[k];
  }
  state[0] = hi;
  state[1] = lo;
}

/** The state after the whole 16-byte blocks of `words` (four words each). */
function blockwise(state: Int32Array, words: Int32Array): void {
  let hi = state[0];
  let lo = state[1];
  for (let j = 0; j < words.length; j += 4) {
    const a = lo ^ words[j];
    const c = hi ^ words[j + 1];
    const d = words[j + 2];
    const e = words[j + 3];
    hi = HI[3840 + (a & 0xff)] ^ HI[3584 + ((a >>> 8) & 0xff)] ^ HI[3328 + ((a >>> 16) & 0xff)] ^ HI[3072 + (a >>> 24)]
      ^ HI[2816 + (c & 0xff)] ^ HI[2560 + ((c >>> 8) & 0xff)] ^ HI[2304 + ((c >>> 16) & 0xff)] ^ HI[2048 + (c >>> 24)]
      ^ HI[1792 + (d & 0xff)] ^ HI[1536 + ((d >>> 8) & 0xff)] ^ HI[1280 + ((d >>> 16) & 0xff)] ^ HI[1024 + (d >>> 24)]
      ^ HI[768 + (e & 0xff)] ^ HI[512 + ((e >>> 8) & 0xff)] ^ HI[256 + ((e >>> 16) & 0xff)] ^ HI[e >>> 24];
    lo = LO[3840 + (a & 0xff)] ^ LO[3584 + ((a >>> 8) & 0xff)] ^ LO[3328 + ((a >>> 16) & 0xff)] ^ LO[3072 + (a >>> 24)]
      ^ LO[2816 + (c & 0xff)] ^ LO[2560 + ((c >>> 8) & 0xff)] ^ LO[2304 + ((c >>> 16) & 0xff)] ^ LO[2048 + (c >>> 24)]
      ^ LO[1792 + (d & 0xff)] ^ LO[1536 + ((d >>> 8) & 0xff)] ^ LO[1280 + ((d >>> 16) & 0xff)] ^ LO[1024 + (d >>> 24)]
      ^ LO[768 + (e & 0xff)] ^ LO[512 + ((e >>> 8) & 0xff)] ^ LO[256 + ((e >>> 16) & 0xff)] ^ LO[e >>> 24];
  }
  state[0] = hi;
  state[1] = lo;
}

/** Starts a CRC-64 (Azure Storage's). */
export function crc64(): Crc64 {
  const state = new Int32Array([-1, -1]); // [high half, low half]
  const self: Crc64 = {
    update(buf) {
      const n = buf.length;
      if (!LITTLE_ENDIAN) return bytewise(state, buf, 0, n), self;
      // Bytes up to the first 4-byte boundary of the underlying memory, then whole blocks as words, then the rest.
      const head = Math.min(n, (4 - (buf.byteOffset & 3)) & 3);
      bytewise(state, buf, 0, head);
      const blocks = (n - head) >>> 4;
      if (blocks > 0) blockwise(state, new Int32Array(buf.buffer, buf.byteOffset + head, blocks * 4));
      bytewise(state, buf, head + blocks * 16, n);
      return self;
    },
    digest() {
      const out = Buffer.allocUnsafe(8);
      out.writeInt32LE(~state[1], 0);
      out.writeInt32LE(~state[0], 4);
      return out;
    },
  };
  return self;
}
