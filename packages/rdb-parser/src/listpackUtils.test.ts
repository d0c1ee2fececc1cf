import { describe, expect, it } from 'vitest';
import { encodeListpack } from '../test/containerTestUtils.js';
import { listpackElements } from './listpackUtils.js';
import { RdbParseError } from './RdbParseError.js';

const text = (bs: Buffer[]): string[] => bs.map((b) => b.toString('latin1'));

describe('listpackElements', () => {
  it('decodes every string and integer encoding', () => {
    const items = [
      0,
      127,
      128,
      -1,
      -4096,
      4095,
      4096,
      -4097,
      32767,
      -32768,
      32768,
      8388607,
      -8388608,
      8388608,
      2147483647,
      -2147483648,
      2147483648n,
      9223372036854775807n,
      -9223372036854775808n,
      '',
      'hi',
      'x'.repeat(63),
      'y'.repeat(64),
      'z'.repeat(4095),
      'w'.repeat(5000),
    ];
    const lp = encodeListpack(items);
    expect(text(listpackElements(lp, 0))).toEqual(items.map((i) => String(i)));
  });

  it('returns strings as views into the blob', () => {
    const lp = encodeListpack(['abc']);
    const [e] = listpackElements(lp, 0);
    expect(e!.buffer).toBe(lp.buffer);
  });

  it('rejects a wrong total length, a missing end marker and runaway lengths', () => {
    const lp = encodeListpack(['abc', 5]);
    const badTotal = Buffer.from(lp);
    badTotal.writeUInt32LE(lp.length + 1, 0);
    expect(() => listpackElements(badTotal, 7)).toThrow(RdbParseError);
    const noEnd = Buffer.from(lp);
    noEnd[noEnd.length - 1] = 0;
    expect(() => listpackElements(noEnd, 7)).toThrow(/end marker/);
    const runaway = Buffer.from(lp);
    runaway[6] = 0xbf; // 6-bit string of 63 bytes
    expect(() => listpackElements(runaway, 7)).toThrow(/past the end/);
    const count = Buffer.from(lp);
    count.writeUInt16LE(3, 4);
    expect(() => listpackElements(count, 7)).toThrow(/elements/);
  });
});
