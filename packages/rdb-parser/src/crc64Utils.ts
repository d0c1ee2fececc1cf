/**
 * CRC-64/Jones (reflected, poly 0xad93d23594c935a9, init 0, no final xor), the checksum Redis uses for
 * RDB files and DUMP payloads.
 *
 * HOT PATH: runs over every byte of the file (and again over every DUMP payload). Slicing-by-8 with the
 * 64-bit state held in two uint32 halves, so no BigInt arithmetic happens per byte.
 */

const REFLECTED_POLY_LO = 0x4bc9b5 | (0xac << 24); // low 32 bits of 0x95ac9329ac4bc9b5
const REFLECTED_POLY_HI = 0x95ac9329;

/** TABLE_LO[k * 256 + b] / TABLE_HI[...]: slicing tables, k = 0..7. */
const TABLE_LO = new Uint32Array(8 * 256);
const TABLE_HI = new Uint32Array(8 * 256);

function buildTables(): void {
  for (let b = 0; b < 256; b++) {
    let lo = b;
    let hi = 0;
    for (let i = 0; i < 8; i++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        lo = (lo ^ REFLECTED_POLY_LO) >>> 0;
        hi = (hi ^ REFLECTED_POLY_HI) >>> 0;
      }
    }
    TABLE_LO[b] = lo;
    TABLE_HI[b] = hi;
  }
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const plo = TABLE_LO[(k - 1) * 256 + b]!;
      const phi = TABLE_HI[(k - 1) * 256 + b]!;
      const idx = plo & 0xff;
      TABLE_LO[k * 256 + b] = (TABLE_LO[idx]! ^ ((plo >>> 8) | (phi << 24))) >>> 0;
      TABLE_HI[k * 256 + b] = (TABLE_HI[idx]! ^ (phi >>> 8)) >>> 0;
    }
  }
}
buildTables();

/** Incremental CRC64 state. */
export class Crc64 {
  lo = 0;
  hi = 0;

  /** Feed data[start, end). */
  update(data: Uint8Array, start = 0, end = data.length): void {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    const TL = TABLE_LO;
    const TH = TABLE_HI;
    const end8 = end - 7;
    while (i < end8) {
      lo ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
      hi ^= data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
      const a = lo & 0xff;
      const b = (lo >>> 8) & 0xff;
      const c = (lo >>> 16) & 0xff;
      const d = lo >>> 24;
      const e = hi & 0xff;
      const f = (hi >>> 8) & 0xff;
      const g = (hi >>> 16) & 0xff;
      const h = hi >>> 24;
      lo =
        TL[1792 + a]! ^
        TL[1536 + b]! ^
        TL[1280 + c]! ^
        TL[1024 + d]! ^
        TL[768 + e]! ^
        TL[512 + f]! ^
        TL[256 + g]! ^
        TL[h]!;
      hi =
        TH[1792 + a]! ^
        TH[1536 + b]! ^
        TH[1280 + c]! ^
        TH[1024 + d]! ^
        TH[768 + e]! ^
        TH[512 + f]! ^
        TH[256 + g]! ^
        TH[h]!;
      i += 8;
    }
    while (i < end) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = TL[idx]! ^ ((lo >>> 8) | (hi << 24));
      hi = TH[idx]! ^ (hi >>> 8);
      i++;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** True if the 8 little-endian bytes at data[at] equal the current value. */
  equalsLE(data: Uint8Array, at: number): boolean {
    const lo = (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
    const hi = (data[at + 4]! | (data[at + 5]! << 8) | (data[at + 6]! << 16) | (data[at + 7]! << 24)) >>> 0;
    return lo === this.lo && hi === this.hi;
  }

  writeLE(data: Uint8Array, at: number): void {
    const { lo, hi } = this;
    data[at] = lo & 0xff;
    data[at + 1] = (lo >>> 8) & 0xff;
    data[at + 2] = (lo >>> 16) & 0xff;
    data[at + 3] = lo >>> 24;
    data[at + 4] = hi & 0xff;
    data[at + 5] = (hi >>> 8) & 0xff;
    data[at + 6] = (hi >>> 16) & 0xff;
    data[at + 7] = hi >>> 24;
  }

  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** CRC64 of `data`, continuing from `crc` (0 to start). */
export function crc64(crc: bigint | number, data: Uint8Array): bigint {
  const state = new Crc64();
  const c = BigInt.asUintN(64, BigInt(crc));
  state.lo = Number(c & 0xffffffffn);
  state.hi = Number(c >> 32n);
  state.update(data);
  return state.value();
}
