/** Decimal text of an integer, as Redis returns integers stored in compact encodings. */
export function intBuffer(n: number | bigint): Buffer {
  return Buffer.from(String(n), 'latin1');
}

/** Reads a signed little-endian integer of 1..8 bytes at b[p]. */
export function readIntLE(b: Uint8Array, p: number, bytes: number): number | bigint {
  if (bytes === 8) {
    const v = Buffer.from(b.buffer, b.byteOffset + p, 8).readBigInt64LE(0);
    return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
  }
  let v = 0;
  for (let i = bytes - 1; i >= 0; i--) v = v * 256 + b[p + i]!;
  const limit = 2 ** (bytes * 8 - 1);
  return v >= limit ? v - limit * 2 : v;
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
