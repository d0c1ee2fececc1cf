import { describe, expect, it } from 'vitest';
import * as intervalUtils from './keepaliveIntervalUtils.js';

describe('intervalUtils.intervalForTimeout', () => {
  it.each([
    [0, 30_000, 'timeout 0 (never): 30 s for NATs and load balancers'],
    [2, 1_000, 'timeout 2: a third is 667 ms, clamped up to 1 s'],
    [300, 60_000, 'timeout 300: a third is 100 s, clamped down to 60 s'],
    [1000, 60_000, 'timeout 1000: clamped to 60 s'],
    [undefined, 10_000, 'CONFIG refused: 10 s'],
    [30, 10_000, 'timeout 30: a third'],
  ])('timeout %s → %i ms (%s)', (timeout, expected, _why) => {
    expect(intervalUtils.intervalForTimeout(timeout)).toBe(expected);
  });

  it('treats a value that is not a number like a refused CONFIG', () => {
    expect(intervalUtils.intervalForTimeout(Number.NaN)).toBe(10_000);
  });
});

describe('intervalUtils.deadlineFor', () => {
  it('is at least 5 s, else twice the interval', () => {
    expect(intervalUtils.deadlineFor(1_000)).toBe(5_000);
    expect(intervalUtils.deadlineFor(30_000)).toBe(60_000);
  });
});
