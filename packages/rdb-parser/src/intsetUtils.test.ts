import { describe, expect, it } from 'vitest';
import { intsetMembers } from './intsetUtils.js';

function intset(width: number, values: bigint[]): Buffer {
  const b = Buffer.alloc(8 + width * values.length);
  b.writeUInt32LE(width, 0);
  b.writeUInt32LE(values.length, 4);
  values.forEach((v, i) => {
    if (width === 2) b.writeInt16LE(Number(v), 8 + i * 2);
    else if (width === 4) b.writeInt32LE(Number(v), 8 + i * 4);
    else b.writeBigInt64LE(v, 8 + i * 8);
  });
  return b;
}

describe('intsetMembers', () => {
  it('decodes 16, 32 and 64-bit members as decimal text', () => {
    expect(intsetMembers(intset(2, [-32768n, 0n, 32767n]), 0).map(String)).toEqual(['-32768', '0', '32767']);
    expect(intsetMembers(intset(4, [-2147483648n, 7n]), 0).map(String)).toEqual(['-2147483648', '7']);
    expect(intsetMembers(intset(8, [-9223372036854775808n, 9223372036854775807n]), 0).map(String)).toEqual([
      '-9223372036854775808',
      '9223372036854775807',
    ]);
  });

  it('rejects a size that does not match the header', () => {
    const b = intset(4, [1n, 2n]);
    b.writeUInt32LE(1000, 4);
    expect(() => intsetMembers(b, 0)).toThrow(/does not match/);
    b.writeUInt32LE(3, 0);
    expect(() => intsetMembers(b, 0)).toThrow(/encoding 3/);
  });
});
