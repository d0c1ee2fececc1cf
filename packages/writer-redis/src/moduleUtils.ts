import { moduleNameFromId } from '@redis-shuttle/rdb-parser';

/** RDB object types of module values (MODULE_PRE_GA, MODULE_2). */
export const MODULE_TYPES = new Set([6, 7]);

/**
 * The module type name (e.g. `ReJSON-RL`) of a module value's DUMP payload: its body starts with
 * the 64-bit module type id in RDB length encoding (rdb.c rdbSaveObject, module.c moduleTypeEncodeId).
 */
export function moduleTypeOfPayload(payload: Buffer): string {
  const first = payload[1] ?? 0;
  let id: bigint;
  if (first === 0x81 && payload.length >= 10) id = payload.readBigUInt64BE(2);
  else if (first === 0x80 && payload.length >= 6) id = BigInt(payload.readUInt32BE(2));
  else return 'unknown';
  return moduleNameFromId(id);
}
