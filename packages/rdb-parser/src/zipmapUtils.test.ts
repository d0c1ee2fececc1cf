import { describe, expect, it } from 'vitest';
import { zipmapPairs } from './zipmapUtils.js';

describe('zipmapPairs', () => {
  it('decodes pairs, skipping free bytes, with 1- and 5-byte lengths', () => {
    const big = 'v'.repeat(300);
    const bytes = [
      2,
      1,
      ...Buffer.from('a'),
      3,
      2,
      ...Buffer.from('xyz'),
      0,
      0,
      1,
      ...Buffer.from('b'),
      254,
      ...[44, 1, 0, 0],
      0,
      ...Buffer.from(big),
      0xff,
    ];
    const pairs = zipmapPairs(Buffer.from(bytes), 0);
    expect(pairs.map(([f, v]) => [f.toString(), v.toString()])).toEqual([
      ['a', 'xyz'],
      ['b', big],
    ]);
  });

  it('rejects runaway lengths', () => {
    expect(() => zipmapPairs(Buffer.from([1, 9, 0x61, 0xff]), 0)).toThrow(/past the end/);
  });
});
