import { describe, expect, it } from 'vitest';
import { encodeZiplist } from '../test/containerTestUtils.js';
import { ziplistElements } from './ziplistUtils.js';

describe('ziplistElements', () => {
  it('decodes every string and integer encoding, including big prevlen', () => {
    const items = [
      0,
      12,
      13,
      -1,
      127,
      -128,
      128,
      32767,
      -32768,
      32768,
      8388607,
      -8388608,
      8388608,
      2147483647,
      -2147483648,
      2147483648n,
      -9223372036854775808n,
      '',
      'a',
      'b'.repeat(63),
      'c'.repeat(300),
      'd'.repeat(20000),
      'after-big',
    ];
    const zl = encodeZiplist(items);
    expect(ziplistElements(zl, 0).map((b) => b.toString('latin1'))).toEqual(items.map((i) => String(i)));
  });

  it('rejects corrupt ziplists', () => {
    const zl = encodeZiplist(['abc', 7]);
    const bad = Buffer.from(zl);
    bad[11] = 60; // string length past the end
    expect(() => ziplistElements(bad, 0)).toThrow(/past the end/);
    const enc = Buffer.from(zl);
    enc[11] = 0xff; // an end marker where an encoding should be
    expect(() => ziplistElements(enc, 0)).toThrow(/encoding/);
    expect(() => ziplistElements(zl.subarray(0, 5), 0)).toThrow(/header/);
  });
});
