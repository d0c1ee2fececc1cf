/** Opcodes and value type numbers from Redis src/rdb.h (and Valkey src/rdb.h where they differ). */
export const OP_SLOT_INFO = 0xf4; // Redis 7.4+ (RDB 12); Valkey 9: SLOT_IMPORT uses 0xf3
export const OP_SLOT_IMPORT_VALKEY = 0xf3;
export const OP_FUNCTION2 = 0xf5;
export const OP_FUNCTION_PRE_GA = 0xf6;
export const OP_MODULE_AUX = 0xf7;
export const OP_IDLE = 0xf8;
export const OP_FREQ = 0xf9;
export const OP_AUX = 0xfa;
export const OP_RESIZEDB = 0xfb;
export const OP_EXPIRETIME_MS = 0xfc;
export const OP_EXPIRETIME = 0xfd;
export const OP_SELECTDB = 0xfe;
export const OP_EOF = 0xff;

export const T_STRING = 0;
export const T_LIST = 1;
export const T_SET = 2;
export const T_ZSET = 3;
export const T_HASH = 4;
export const T_ZSET_2 = 5;
export const T_MODULE_PRE_GA = 6;
export const T_MODULE_2 = 7;
export const T_HASH_ZIPMAP = 9;
export const T_LIST_ZIPLIST = 10;
export const T_SET_INTSET = 11;
export const T_ZSET_ZIPLIST = 12;
export const T_HASH_ZIPLIST = 13;
export const T_LIST_QUICKLIST = 14;
export const T_STREAM_LISTPACKS = 15;
export const T_HASH_LISTPACK = 16;
export const T_ZSET_LISTPACK = 17;
export const T_LIST_QUICKLIST_2 = 18;
export const T_STREAM_LISTPACKS_2 = 19;
export const T_SET_LISTPACK = 20;
export const T_STREAM_LISTPACKS_3 = 21;
export const T_HASH_METADATA_PRE_GA = 22; // Redis 7.4 RC; under the VALKEY magic, 22 is Valkey's HASH_2
export const T_HASH_LISTPACK_EX_PRE_GA = 23;
export const T_HASH_METADATA = 24;
export const T_HASH_LISTPACK_EX = 25;
export const T_STREAM_LISTPACKS_4 = 26;

/** Highest plain `REDIS` RDB version this parser reads. */
export const MAX_REDIS_VERSION = 13;
/** Lowest and highest `VALKEY` magic versions this parser reads. */
export const MIN_VALKEY_VERSION = 80;
export const MAX_VALKEY_VERSION = 80;

export type ValueTypeName = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream' | 'module';

/** Logical type and encoding name (as OBJECT ENCODING would say, or the on-disk format) per type byte. */
export const TYPE_INFO: Record<number, [ValueTypeName, string]> = {
  0: ['string', 'string'],
  1: ['list', 'linkedlist'],
  2: ['set', 'hashtable'],
  3: ['zset', 'skiplist'],
  4: ['hash', 'hashtable'],
  5: ['zset', 'skiplist'],
  6: ['module', 'module-pre-ga'],
  7: ['module', 'module'],
  9: ['hash', 'zipmap'],
  10: ['list', 'ziplist'],
  11: ['set', 'intset'],
  12: ['zset', 'ziplist'],
  13: ['hash', 'ziplist'],
  14: ['list', 'quicklist'],
  15: ['stream', 'stream'],
  16: ['hash', 'listpack'],
  17: ['zset', 'listpack'],
  18: ['list', 'quicklist'],
  19: ['stream', 'stream'],
  20: ['set', 'listpack'],
  21: ['stream', 'stream'],
  22: ['hash', 'hashtable'],
  23: ['hash', 'listpackex'],
  24: ['hash', 'hashtable'],
  25: ['hash', 'listpackex'],
  26: ['stream', 'stream'],
};
