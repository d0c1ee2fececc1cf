import { describe, expect, it } from 'vitest';
import { lzfDecompress, lzfDecompressPrefix } from './lzfUtils.js';

const run = (bytes: number[], outLen: number): string | null => {
  const src = Uint8Array.from(bytes);
  return lzfDecompress(src, 0, src.length, outLen)?.toString('latin1') ?? null;
};

describe('lzfDecompress', () => {
  it('copies literal runs', () => {
    expect(run([2, 0x61, 0x62, 0x63], 3)).toBe('abc');
  });

  it('expands back references, including overlapping ones', () => {
    // "abc", then a reference of length 6 at distance 3: ctrl = (6-2)<<5 | 0, offset byte = 3-1.
    expect(run([2, 0x61, 0x62, 0x63, 0x80, 2], 9)).toBe('abcabcabc');
    // "a", then length 7+1+2=10 at distance 1 (long form: ctrl len 7, extra byte 1).
    expect(run([0, 0x61, 0xe0, 1, 0], 11)).toBe('a'.repeat(11));
  });

  it('rejects malformed input instead of reading or writing out of bounds', () => {
    expect(run([2, 0x61, 0x62], 3)).toBeNull(); // literal past the end of input
    expect(run([0x80, 5], 6)).toBeNull(); // reference before the start of output
    expect(run([2, 0x61, 0x62, 0x63], 2)).toBeNull(); // output longer than declared
    expect(run([2, 0x61, 0x62, 0x63], 4)).toBeNull(); // output shorter than declared
    expect(run([0xe0], 10)).toBeNull(); // truncated long reference
  });
});

describe('lzfDecompressPrefix', () => {
  it('gives the first bytes of the output without decompressing the rest', () => {
    const src = Uint8Array.from([2, 0x61, 0x62, 0x63, 0x80, 2, 0, 0x7a]);
    const full = lzfDecompress(src, 0, src.length, 10)!.toString('latin1');
    expect(full).toBe('abcabcabcz');
    for (let want = 0; want <= 10; want++) {
      expect(lzfDecompressPrefix(src, 0, src.length, want)?.toString('latin1')).toBe(full.slice(0, want));
    }
    expect(lzfDecompressPrefix(src, 0, src.length, 11)).toBeNull(); // the output is shorter
    expect(lzfDecompressPrefix(Uint8Array.from([0x80, 5]), 0, 2, 3)).toBeNull(); // reference before the start
    expect(lzfDecompressPrefix(Uint8Array.from([2, 0x61]), 0, 2, 1)).toBeNull(); // literal past the end
  });
});
