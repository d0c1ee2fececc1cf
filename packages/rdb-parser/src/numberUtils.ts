/**
 * Number helpers of the decoded mode. HOT PATH: one call per element; nothing here allocates more than the
 * Buffer it returns.
 */

type BufferCtor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;

/**
 * The constructor behind Buffer views (Node's FastBuffer, what `Buffer.from(arrayBuffer, ...)` and
 * `buf.subarray()` build), reached through the standard Symbol.species protocol: constructing it directly
 * skips the argument checks of Buffer.from. Falls back to Buffer.from if it is not what it should be.
 */
const FastBuffer: BufferCtor = (() => {
  const species = (Buffer as unknown as Record<symbol, unknown>)[Symbol.species];
  if (typeof species === 'function') {
    try {
      const probe = new (species as BufferCtor)(new ArrayBuffer(4), 1, 2);
      if (
        Buffer.isBuffer(probe) &&
        Object.getPrototypeOf(probe) === Buffer.prototype &&
        probe.byteOffset === 1 &&
        probe.length === 2
      ) {
        return species as BufferCtor;
      }
    } catch {
      // fall through
    }
  }
  return function view(buffer: ArrayBufferLike, byteOffset: number, length: number): Buffer {
    return Buffer.from(buffer as ArrayBuffer, byteOffset, length);
  } as unknown as BufferCtor;
})();

/** A Buffer viewing b[start, end) (no copy): the bytes must never be overwritten while the view is used. */
export function viewOf(b: Uint8Array, start: number, end: number): Buffer {
  return new FastBuffer(b.buffer, b.byteOffset + start, end - start);
}

/**
 * A Buffer viewing `length` bytes of `ab` from `byteOffset`. HOT PATH: callers keep the ArrayBuffer and offset
 * of the bytes they read (the typed-array `buffer` / `byteOffset` getters cost as much as the view itself).
 */
export function bufferView(ab: ArrayBufferLike, byteOffset: number, length: number): Buffer {
  return new FastBuffer(ab, byteOffset, length);
}

/** Integers 0..SMALL_INTS-1 share one Buffer each (element Buffers are read-only), all views of one buffer. */
const SMALL_INTS = 1024;
const smallInts: Buffer[] = (() => {
  const texts = Array.from({ length: SMALL_INTS }, (_, i) => String(i));
  const all = Buffer.alloc(texts.join('').length);
  const out: Buffer[] = [];
  let p = 0;
  for (const t of texts) {
    all.write(t, p, 'latin1');
    out.push(all.subarray(p, p + t.length));
    p += t.length;
  }
  return out;
})();

/** Decimal texts are written into slabs of this size (as Node's Buffer.from pools small strings). */
const SLAB_BYTES = 8192;
let slab = new Uint8Array(SLAB_BYTES);
let slabBuffer: ArrayBufferLike = slab.buffer;
let slabPos = 0;

/** Decimal text of an integer, as Redis returns integers stored in compact encodings. */
export function intBuffer(n: number | bigint): Buffer {
  if (typeof n !== 'number') return Buffer.from(String(n), 'latin1');
  if (n >= 0 && n < SMALL_INTS && (n | 0) === n) return smallInts[n]!;
  if (!Number.isSafeInteger(n)) return Buffer.from(String(n), 'latin1');
  return formatInt(n);
}

/** Number of decimal digits of a non-negative safe integer. */
function digitCount(v: number): number {
  if (v < 100000) return v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10000 ? 4 : 5;
  if (v < 10000000000) {
    return v < 10000000 ? (v < 1000000 ? 6 : 7) : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
  }
  let d = 11;
  let t = 100000000000;
  while (v >= t) {
    d++;
    t *= 10;
  }
  return d;
}

/** Writes the decimal text of a safe integer into the current slab and returns a view of it. */
function formatInt(n: number): Buffer {
  if (slabPos > SLAB_BYTES - 24) {
    slab = new Uint8Array(SLAB_BYTES);
    slabBuffer = slab.buffer;
    slabPos = 0;
  }
  const s = slab;
  const start = slabPos;
  let v = n;
  let p = start;
  if (v < 0) {
    s[p++] = 0x2d;
    v = -v;
  }
  const len = p - start + digitCount(v);
  let q = start + len;
  if (v <= 0x7fffffff) {
    do {
      const d = (v / 10) | 0;
      s[--q] = 0x30 + (v - d * 10);
      v = d;
    } while (v !== 0);
  } else {
    do {
      const r = v % 10;
      s[--q] = 0x30 + r;
      v = (v - r) / 10;
    } while (v !== 0);
  }
  slabPos = start + len;
  return new FastBuffer(slabBuffer, start, len);
}

/**
 * Reads a signed little-endian integer of 1, 2, 3, 4 or 8 bytes at b[p]; 8-byte values beyond 2^53 come back
 * as BigInt.
 */
export function readIntLE(b: Uint8Array, p: number, bytes: number): number | bigint {
  switch (bytes) {
    case 1:
      return (b[p]! << 24) >> 24;
    case 2:
      return ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16;
    case 3:
      return ((b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) << 8) >> 8;
    case 4:
      return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
    case 8: {
      const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
      const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
      // Within ±(2^53 - 1): exact as a number.
      if ((hi > -0x200000 && hi < 0x200000) || (hi === -0x200000 && lo !== 0)) return hi * 4294967296 + lo;
      return (BigInt(hi) << 32n) | BigInt(lo);
    }
    default: {
      let v = 0;
      for (let i = bytes - 1; i >= 0; i--) v = v * 256 + b[p + i]!;
      const limit = 2 ** (bytes * 8 - 1);
      return v >= limit ? v - limit * 2 : v;
    }
  }
}

const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE 754 double, little-endian, at b[p] (no allocation). */
export function readDoubleLE(b: Uint8Array, p: number): number {
  const t = F64_BYTES;
  if (LITTLE_ENDIAN) {
    t[0] = b[p]!;
    t[1] = b[p + 1]!;
    t[2] = b[p + 2]!;
    t[3] = b[p + 3]!;
    t[4] = b[p + 4]!;
    t[5] = b[p + 5]!;
    t[6] = b[p + 6]!;
    t[7] = b[p + 7]!;
  } else {
    for (let i = 0; i < 8; i++) t[7 - i] = b[p + i]!;
  }
  return F64[0]!;
}

/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * parseScore() of the latin1 text b[start, end), without making the string in the common case: `-?D+(.D+)?`
 * with at most 15 digits is computed as digits / 10^decimals, which is exact then (both operands are exact
 * doubles and the division rounds once, as Number() does).
 */
export function parseScoreBytes(b: Uint8Array, start: number, end: number): number {
  let p = start;
  let neg = false;
  if (p < end && b[p] === 0x2d) {
    neg = true;
    p++;
  }
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; p < end; p++) {
    const c = b[p]!;
    if (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 0x2e && decimals < 0) {
      decimals = 0;
    } else {
      break;
    }
  }
  // `5.` (decimals 0), a lone `-`, exponents, `inf`, blanks and long mantissas go the general way.
  if (p === end && digits > 0 && digits <= 15 && decimals !== 0) {
    const v = decimals > 0 ? m / POW10[decimals]! : m;
    return neg ? -v : v;
  }
  return parseScore(latin1(b, start, end));
}

/** Latin-1 text of b[start, end). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  return viewOf(b, start, end).toString('latin1');
}

/**
 * Parses a score as Redis writes it in text (zset listpack/ziplist elements, old-style ZSET doubles):
 * decimal, exponent, "inf", "-inf". Returns NaN if the text is not a number.
 */
export function parseScore(text: string): number {
  const t = text.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Number.POSITIVE_INFINITY;
  if (t === '-inf' || t === '-infinity') return Number.NEGATIVE_INFINITY;
  if (t.length === 0 || t.trim() !== t) return Number.NaN;
  return Number(t);
}
