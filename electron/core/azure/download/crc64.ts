/**
 * CRC-64 as Azure Storage computes it for `x-ms-content-crc64`: the NVMe variant (reflected
 * polynomial 0x9A6C9329AC4BC9B5, initial value and final XOR all ones; "123456789" gives
 * 0xAE8B14860A799888), sent as its 8 bytes least significant first. The 64-bit value is kept as
 * two 32-bit halves and updated eight bytes at a time (slicing-by-8): no BigInt on the hot path.
 */

const POLY_HI = 0x9a6c9329;
const POLY_LO = 0xac4bc9b5;

/** Eight tables of 256 entries; entry k of table t is at [t * 256 + k]. */
const HI = new Uint32Array(8 * 256);
const LO = new Uint32Array(8 * 256);

for (let b = 0; b < 256; b++) {
  let hi = 0;
  let lo = b;
  for (let i = 0; i < 8; i++) {
    const odd = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (odd) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  HI[b] = hi;
  LO[b] = lo;
}
for (let t = 1; t < 8; t++) {
  for (let b = 0; b < 256; b++) {
    const hi = HI[(t - 1) * 256 + b];
    const lo = LO[(t - 1) * 256 + b];
    const k = lo & 0xff;
    HI[t * 256 + b] = ((hi >>> 8) ^ HI[k]) >>> 0;
    LO[t * 256 + b] = (((lo >>> 8) | (hi << 24)) ^ LO[k]) >>> 0;
  }
}

/** A running CRC-64 over bytes fed in order. */
export interface Crc64 {
  update(bytes: Uint8Array): Crc64;
  /** The 8 bytes as Azure sends them (least significant first). */
  digest(): Buffer;
}

/** Starts a CRC-64 (Azure Storage's). */
export function crc64(): Crc64 {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  const self: Crc64 = {
    update(buf) {
      let i = 0;
      const n = buf.length;
      for (; i + 8 <= n; i += 8) {
        const a = (lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0;
        const c = (hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24))) >>> 0;
        const i7 = 7 * 256 + (a & 0xff), i6 = 6 * 256 + ((a >>> 8) & 0xff), i5 = 5 * 256 + ((a >>> 16) & 0xff), i4 = 4 * 256 + (a >>> 24);
        const i3 = 3 * 256 + (c & 0xff), i2 = 2 * 256 + ((c >>> 8) & 0xff), i1 = 256 + ((c >>> 16) & 0xff), i0 = c >>> 24;
        hi = (HI[i7] ^ HI[i6] ^ HI[i5] ^ HI[i4] ^ HI[i3] ^ HI[i2] ^ HI[i1] ^ HI[i0]) >>> 0;
        lo = (LO[i7] ^ LO[i6] ^ LO[i5] ^ LO[i4] ^ LO[i3] ^ LO[i2] ^ LO[i1] ^ LO[i0]) >>> 0;
      }
      for (; i < n; i++) {
        const k = (lo ^ buf[i]) & 0xff;
        lo = (((lo >>> 8) | (hi << 24)) ^ LO[k]) >>> 0;
        hi = ((hi >>> 8) ^ HI[k]) >>> 0;
      }
      return self;
    },
    digest() {
      const out = Buffer.allocUnsafe(8);
      out.writeUInt32LE((lo ^ 0xffffffff) >>> 0, 0);
      out.writeUInt32LE((hi ^ 0xffffffff) >>> 0, 4);
      return out;
    },
  };
  return self;
}
