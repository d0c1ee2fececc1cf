const MODULE_NAME_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 9-character module type name packed in a 64-bit module id (the low 10 bits are the encoding version). */
export function moduleNameFromId(moduleId: bigint): string {
  let id = BigInt.asUintN(64, moduleId) >> 10n;
  let name = '';
  for (let j = 0; j < 9; j++) {
    name = MODULE_NAME_CHARSET[Number(id & 63n)]! + name;
    id >>= 6n;
  }
  return name;
}

/** The encoding version packed in a module id. */
export function moduleEncVerFromId(moduleId: bigint): number {
  return Number(moduleId & 1023n);
}
