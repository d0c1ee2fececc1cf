/**
 * How far a SCAN of a db has got, from its cursor: Redis walks the hash table in reverse-binary
 * bucket order, so the cursor, bit-reversed over the table's size (the power of two at or above
 * the db's key count), is the share of buckets already visited. An estimate: the table may be
 * larger than that (after deletions) or rehashing.
 */
export function cursorFraction(cursor: string, dbsize: number): number {
  if (cursor === '0') return 0;
  const bits = Math.max(2, Math.ceil(Math.log2(Math.max(dbsize, 4))));
  let value = BigInt(cursor) & ((1n << BigInt(bits)) - 1n);
  let reversed = 0n;
  for (let i = 0; i < bits; i++) {
    reversed = (reversed << 1n) | (value & 1n);
    value >>= 1n;
  }
  return Number(reversed) / 2 ** bits;
}
