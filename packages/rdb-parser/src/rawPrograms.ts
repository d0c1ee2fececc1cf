import * as C from './rdbConstants.js';

/**
 * The on-disk shape of each value type, as a tiny program for RawWalker: numbers are tokens, a nested
 * array is "read a length n, then run this body n times".
 */
export type RawOp = number | RawOp[];

export const OP_STR = 1; // an RDB string (length-prefixed, int-encoded or LZF)
export const OP_LEN = 2; // an RDB length, value ignored
export const OP_OLD_DOUBLE = 3; // 1-byte length + ASCII double (253/254/255 = nan/+inf/-inf)
export const OP_BYTES4 = 4;
export const OP_BYTES8 = 8;
export const OP_BYTES16 = 16;
export const OP_MODULE = 100; // opcoded module value up to its EOF opcode

const streamGroupConsumers = (v: number): RawOp[] => [
  OP_STR,
  OP_BYTES8,
  ...(v >= 3 ? [OP_BYTES8] : []),
  [OP_BYTES16],
];

/** RDB 13 (Redis 8.6) STREAM_LISTPACKS_4 adds IDMP state after the groups. */
const STREAM_IDMP: RawOp[] = [OP_LEN, OP_LEN, [OP_STR, [OP_STR, OP_LEN, OP_LEN]], OP_LEN, OP_LEN];

function stream(v: number): RawOp[] {
  return [
    [OP_STR, OP_STR],
    OP_LEN,
    OP_LEN,
    OP_LEN,
    ...(v >= 2 ? [OP_LEN, OP_LEN, OP_LEN, OP_LEN, OP_LEN] : []),
    [
      OP_STR,
      OP_LEN,
      OP_LEN,
      ...(v >= 2 ? [OP_LEN] : []),
      [OP_BYTES16, OP_BYTES8, OP_LEN],
      streamGroupConsumers(v),
    ],
    ...(v >= 4 ? STREAM_IDMP : []),
  ];
}

/** Programs for Redis type numbers (REDIS magic, and VALKEY magic except where overridden). */
export const RAW_PROGRAMS: Record<number, RawOp[]> = {
  [C.T_STRING]: [OP_STR],
  [C.T_LIST]: [[OP_STR]],
  [C.T_SET]: [[OP_STR]],
  [C.T_ZSET]: [[OP_STR, OP_OLD_DOUBLE]],
  [C.T_HASH]: [[OP_STR, OP_STR]],
  [C.T_ZSET_2]: [[OP_STR, OP_BYTES8]],
  [C.T_MODULE_2]: [OP_LEN, OP_MODULE],
  [C.T_HASH_ZIPMAP]: [OP_STR],
  [C.T_LIST_ZIPLIST]: [OP_STR],
  [C.T_SET_INTSET]: [OP_STR],
  [C.T_ZSET_ZIPLIST]: [OP_STR],
  [C.T_HASH_ZIPLIST]: [OP_STR],
  [C.T_LIST_QUICKLIST]: [[OP_STR]],
  [C.T_STREAM_LISTPACKS]: stream(1),
  [C.T_HASH_LISTPACK]: [OP_STR],
  [C.T_ZSET_LISTPACK]: [OP_STR],
  [C.T_LIST_QUICKLIST_2]: [[OP_LEN, OP_STR]],
  [C.T_STREAM_LISTPACKS_2]: stream(2),
  [C.T_SET_LISTPACK]: [OP_STR],
  [C.T_STREAM_LISTPACKS_3]: stream(3),
  [C.T_HASH_METADATA_PRE_GA]: [[OP_LEN, OP_STR, OP_STR]],
  [C.T_HASH_LISTPACK_EX_PRE_GA]: [OP_STR],
  [C.T_HASH_METADATA]: [OP_BYTES8, [OP_LEN, OP_STR, OP_STR]],
  [C.T_HASH_LISTPACK_EX]: [OP_BYTES8, OP_STR],
  [C.T_STREAM_LISTPACKS_4]: stream(4),
};
