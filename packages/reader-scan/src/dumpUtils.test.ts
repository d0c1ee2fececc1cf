import { describe, expect, it } from 'vitest';
import { isDumpPayload, rdbVersionOf, valueTypeOf } from './dumpUtils.js';

describe('dumpUtils', () => {
  // DUMP of SET k hello on Redis 7.0: type 0, the string, RDB version 10, then the CRC64.
  const payload = Buffer.concat([
    Buffer.from([0, 5]),
    Buffer.from('hello'),
    Buffer.from('0a00', 'hex'),
    Buffer.from('1122334455667788', 'hex'),
  ]);
  it('reads the RDB version before the CRC64 and the type from the first byte', () => {
    expect(payload.subarray(1, 7).toString('latin1')).toBe('\x05hello');
    expect(rdbVersionOf(payload)).toBe(10);
    expect(valueTypeOf(payload)).toBe('string');
    expect(valueTypeOf(Buffer.from([17]))).toBe('zset');
    expect(valueTypeOf(Buffer.from([21]))).toBe('stream');
    expect(valueTypeOf(Buffer.from([25]))).toBe('hash');
  });
  it('tells a payload from a nil reply', () => {
    expect(isDumpPayload(payload)).toBe(true);
    expect(isDumpPayload(null)).toBe(false);
    expect(isDumpPayload(Buffer.alloc(3))).toBe(false);
  });
});
