import { describe, expect, it } from 'vitest';
import { crc16, keySlot, SLOT_COUNT, splitSlots } from './clusterSlotUtils.js';

describe('clusterSlotUtils', () => {
  it('computes CRC16/XMODEM', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
  });

  it('maps keys to slots like Redis (values from CLUSTER KEYSLOT)', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot(Buffer.from('foo{}{bar}')));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
  });

  it('splits the slots evenly and completely', () => {
    const ranges = splitSlots(3);
    expect(ranges).toEqual([
      [0, 5460],
      [5461, 10921],
      [10922, 16383],
    ]);
    expect(splitSlots(1)).toEqual([[0, SLOT_COUNT - 1]]);
  });
});
