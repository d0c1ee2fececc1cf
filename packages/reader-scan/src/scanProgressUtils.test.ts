import { describe, expect, it } from 'vitest';
import { cursorFraction } from './scanProgressUtils.js';

describe('cursorFraction', () => {
  it('reads the bit-reversed cursor over the table size', () => {
    // A table of 8 buckets is walked 0, 4, 2, 6, 1, 5, 3, 7: after bucket 0 the cursor is 4.
    expect(cursorFraction('4', 8)).toBe(1 / 8);
    expect(cursorFraction('2', 8)).toBe(2 / 8);
    expect(cursorFraction('6', 8)).toBe(3 / 8);
    expect(cursorFraction('7', 8)).toBe(7 / 8);
  });
  it('is 0 at the start and handles huge cursors', () => {
    expect(cursorFraction('0', 1000)).toBe(0);
    expect(cursorFraction('18446744073709551615', 1000)).toBeLessThan(1);
  });
});
