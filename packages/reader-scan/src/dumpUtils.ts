import type { ValueType } from '@redis-shuttle/core';

/** RDB object type byte → value type (the first byte of a DUMP payload). */
const TYPES: Record<number, ValueType> = {
  0: 'string',
  1: 'list',
  2: 'set',
  3: 'zset',
  4: 'hash',
  5: 'zset',
  6: 'module',
  7: 'module',
  9: 'hash',
  10: 'list',
  11: 'set',
  12: 'zset',
  13: 'hash',
  14: 'list',
  15: 'stream',
  16: 'hash',
  17: 'zset',
  18: 'list',
  19: 'stream',
  20: 'set',
  21: 'stream',
  22: 'hash',
  23: 'hash',
  24: 'hash',
  25: 'hash',
  26: 'stream',
};

/** `[rdb type][body][rdb version: u16 LE][CRC64 LE]`: the value type, from the type byte. */
export function valueTypeOf(payload: Buffer): ValueType {
  return TYPES[payload[0]!] ?? 'module';
}

/** The RDB version a DUMP payload was written with (the two bytes before the CRC64). */
export function rdbVersionOf(payload: Buffer): number {
  return payload.readUInt16LE(payload.length - 10);
}

/** Whether a buffer is long enough to be a DUMP payload (type byte + version + CRC). */
export function isDumpPayload(payload: unknown): payload is Buffer {
  return Buffer.isBuffer(payload) && payload.length >= 11;
}
