import { RdbParseError } from './RdbParseError.js';
import { intBuffer, readIntLE } from './numberUtils.js';

/** The members of an intset (src/intset.c format) as decimal text. `at` is the blob's file offset. */
export function intsetMembers(is: Buffer, at: number): Buffer[] {
  if (is.length < 8)
    throw new RdbParseError(
      'RDB_CORRUPT',
      `invalid intset: shorter than its header (blob at byte ${at})`,
      at,
    );
  const width = is.readUInt32LE(0);
  const count = is.readUInt32LE(4);
  if ((width !== 2 && width !== 4 && width !== 8) || 8 + width * count !== is.length) {
    throw new RdbParseError(
      'RDB_CORRUPT',
      `invalid intset: encoding ${width} x ${count} members does not match ${is.length} bytes (blob at byte ${at})`,
      at,
    );
  }
  const out: Buffer[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = intBuffer(readIntLE(is, 8 + i * width, width));
  return out;
}
