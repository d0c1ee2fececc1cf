import { intBuffer, readIntLE } from './numberUtils.js';
import { RdbParseError } from './RdbParseError.js';

/**
 * Validates an intset (src/intset.c format); returns its member width in bytes (2, 4 or 8). The members are
 * the little-endian integers at 8 + i * width. `at` is the blob's file offset.
 */
export function intsetWidth(is: Uint8Array, at: number): number {
  if (is.length < 8)
    throw new RdbParseError(
      'RDB_CORRUPT',
      `invalid intset: shorter than its header (blob at byte ${at})`,
      at,
    );
  const width = (is[0]! | (is[1]! << 8) | (is[2]! << 16) | (is[3]! << 24)) >>> 0;
  const count = (is[4]! | (is[5]! << 8) | (is[6]! << 16) | (is[7]! << 24)) >>> 0;
  if ((width !== 2 && width !== 4 && width !== 8) || 8 + width * count !== is.length) {
    throw new RdbParseError(
      'RDB_CORRUPT',
      `invalid intset: encoding ${width} x ${count} members does not match ${is.length} bytes (blob at byte ${at})`,
      at,
    );
  }
  return width;
}

/** The members of an intset (src/intset.c format) as decimal text. `at` is the blob's file offset. */
export function intsetMembers(is: Buffer, at: number): Buffer[] {
  const width = intsetWidth(is, at);
  const count = (is.length - 8) / width;
  const out: Buffer[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = intBuffer(readIntLE(is, 8 + i * width, width));
  return out;
}
