/**
 * LZF decompression (the format of Redis's src/lzf_d.c). HOT PATH for compressed strings: a single pass
 * with explicit bounds checks, no per-byte allocation.
 */

/** Largest possible expansion: a 3-byte back reference yields at most 264 bytes. */
export const LZF_MAX_RATIO = 88;

/**
 * Decompresses src[start, end) into a new buffer of exactly `outLen` bytes.
 * Returns null if the input is malformed or does not produce exactly outLen bytes.
 */
export function lzfDecompress(src: Uint8Array, start: number, end: number, outLen: number): Buffer | null {
  const out = Buffer.allocUnsafe(outLen);
  let ip = start;
  let op = 0;
  while (ip < end) {
    const ctrl = src[ip++]!;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outLen || ip + run > end) return null;
      for (let i = 0; i < run; i++) out[op++] = src[ip++]!;
    } else {
      let len = ctrl >>> 5;
      if (len === 7) {
        if (ip >= end) return null;
        len += src[ip++]!;
      }
      if (ip >= end) return null;
      const ref = op - ((ctrl & 0x1f) << 8) - src[ip++]! - 1;
      len += 2;
      if (ref < 0 || op + len > outLen) return null;
      // Byte by byte: the source and destination may overlap (run-length style references).
      for (let i = 0; i < len; i++) out[op++] = out[ref + i]!;
    }
  }
  return op === outLen ? out : null;
}

/**
 * The first `want` bytes of the LZF data in src[start, end), decompressing no further (to read a blob's
 * header). Returns null if the input is malformed before that point or ends sooner.
 */
export function lzfDecompressPrefix(
  src: Uint8Array,
  start: number,
  end: number,
  want: number,
): Buffer | null {
  const out = Buffer.allocUnsafe(want);
  let ip = start;
  let op = 0;
  while (op < want && ip < end) {
    const ctrl = src[ip++]!;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (ip + run > end) return null;
      for (let i = 0; i < run && op < want; i++) out[op++] = src[ip + i]!;
      ip += run;
    } else {
      let len = ctrl >>> 5;
      if (len === 7) {
        if (ip >= end) return null;
        len += src[ip++]!;
      }
      if (ip >= end) return null;
      const ref = op - ((ctrl & 0x1f) << 8) - src[ip++]! - 1;
      len += 2;
      if (ref < 0) return null;
      for (let i = 0; i < len && op < want; i++) out[op++] = out[ref + i]!;
    }
  }
  return op === want ? out : null;
}
