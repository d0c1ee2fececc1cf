import { OP_BYTES8, OP_STR, RAW_PROGRAMS, type RawOp } from './rawPrograms.js';
import * as C from './rdbConstants.js';

const cache = new Map<string, Record<number, RawOp[]>>();

/**
 * The value types a file may contain, by magic and version. Type numbers above 21 mean different things
 * to Redis (RDB 12+) and Valkey (VALKEY 80+), so they are only known for the right magic and version.
 */
export function valuePrograms(magic: 'REDIS' | 'VALKEY', version: number): Record<number, RawOp[]> {
  const cacheKey = `${magic}${version}`;
  let table = cache.get(cacheKey);
  if (table !== undefined) return table;
  table = {};
  for (const [type, program] of Object.entries(RAW_PROGRAMS)) {
    const t = Number(type);
    if (t <= C.T_STREAM_LISTPACKS_3) table[t] = program;
    else if (magic === 'REDIS' && version >= 12 && t <= C.T_HASH_LISTPACK_EX) table[t] = program;
    else if (magic === 'REDIS' && version >= 13) table[t] = program;
  }
  if (magic === 'VALKEY') table[C.T_HASH_METADATA_PRE_GA] = VALKEY_HASH_2;
  cache.set(cacheKey, table);
  return table;
}

/** Valkey 9 HASH_2: count, then per field: field, value, absolute expiry in ms (int64 LE, -1 = none). */
const VALKEY_HASH_2: RawOp[] = [[OP_STR, OP_STR, OP_BYTES8]];
