import { describe, expect, it } from 'vitest';
import { maxDefined, median, medianDefined, perSecond, range, ratio } from './statsUtils.js';

describe('statsUtils', () => {
  it('median of odd and even counts, unsorted input', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('range', () => {
    expect(range([3, 1, 2])).toEqual({ min: 1, max: 3 });
    expect(range([]).min).toBeNaN();
  });

  it('ratio to a limit, undefined when the limit is unknown or zero', () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(50, undefined)).toBeUndefined();
    expect(ratio(50, 0)).toBeUndefined();
    expect(ratio(Number.NaN, 10)).toBeUndefined();
  });

  it('perSecond, and helpers that skip undefined', () => {
    expect(perSecond(100, 4)).toBe(25);
    expect(perSecond(100, 0)).toBeNaN();
    expect(maxDefined([1, undefined, 3])).toBe(3);
    expect(maxDefined([undefined])).toBeUndefined();
    expect(medianDefined([undefined, 1, 3])).toBe(2);
  });
});
