import { describe, expect, it } from 'vitest';
import { Prng } from './Prng.js';

describe('Prng', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('keeps int() within its bounds and next() in [0, 1)', () => {
    const rng = new Prng(7);
    for (let i = 0; i < 10_000; i++) {
      const n = rng.int(3, 9);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(9);
      const f = rng.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });

  it('gives each item its own stream', () => {
    expect(Prng.forItem(1, 0).nextUint32()).toBe(Prng.forItem(1, 0).nextUint32());
    expect(Prng.forItem(1, 0).nextUint32()).not.toBe(Prng.forItem(1, 1).nextUint32());
  });
});
