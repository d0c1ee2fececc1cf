import { describe, expect, it } from 'vitest';
import {
  commandCalls,
  describeStep,
  highestAbsorbed,
  type LoadStep,
  lagStats,
  MarkerLog,
  percentile,
} from './lagUtils.js';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 99)).toBeNaN();
  });

  it('lagStats: max, p50, p99 and the count', () => {
    expect(lagStats([0.1, 0.3, 0.2])).toEqual({ max: 0.3, p50: 0.2, p99: 0.3, samples: 3 });
    expect(lagStats([]).max).toBeNaN();
  });
});

describe('MarkerLog', () => {
  it('gives every marker up to the newest one seen the time of that poll', () => {
    const log = new MarkerLog();
    expect(log.wrote(1000)).toBe(1);
    expect(log.wrote(1100)).toBe(2);
    expect(log.wrote(1200)).toBe(3);
    log.seen(0, 1050); // nothing there yet
    log.seen(2, 1150); // markers 1 and 2 arrived by 1150
    log.seen(2, 1160);
    log.seen(3, 1230);
    expect(log.newestArrived).toBe(3);
    expect(log.lagSeconds(1, 3, 2000)).toEqual([0.15, 0.05, 0.03]);
    expect(log.lagSeconds(2, 2, 2000)).toEqual([0.05]);
  });

  it('counts a marker that has not arrived as its age, and ignores numbers never written', () => {
    const log = new MarkerLog();
    log.wrote(0);
    log.wrote(100);
    log.seen(7, 150); // a stale value from another run cannot be newer than what was written
    expect(log.newestArrived).toBe(2);
    log.wrote(200);
    expect(log.lagSeconds(1, 3, 1200)).toEqual([0.15, 0.05, 1]);
    expect(log.newestWritten).toBe(3);
  });
});

describe('commandCalls', () => {
  it('sums the calls of the named commands in INFO commandstats', () => {
    const stats = {
      cmdstat_set: 'calls=10,usec=20,usec_per_call=2.00,rejected_calls=0,failed_calls=0',
      cmdstat_lpush: 'calls=5,usec=20,usec_per_call=4.00,rejected_calls=0,failed_calls=0',
      cmdstat_get: 'calls=99,usec=20',
    };
    expect(commandCalls(stats, ['set', 'incr', 'lpush'])).toBe(15);
    expect(commandCalls({}, ['set'])).toBe(0);
  });
});

describe('highestAbsorbed', () => {
  const step = (rate: number, max: number): LoadStep => ({
    clients: 1,
    pipeline: 1,
    seconds: 3,
    commands: rate * 3,
    rate,
    lag: { max, p50: max / 2, p99: max, samples: 30 },
  });

  it('takes the fastest step whose largest lag stayed under the limit', () => {
    const steps = [step(1000, 0.01), step(5000, 0.4), step(4000, 0.2), step(9000, 1.5)];
    expect(highestAbsorbed(steps, 1)?.rate).toBe(5000);
    expect(highestAbsorbed([step(9000, 1)], 1)).toBeUndefined();
    expect(highestAbsorbed([{ ...step(9000, 0), lag: lagStats([]) }], 1)).toBeUndefined();
  });

  it('describes a step', () => {
    expect(describeStep({ ...step(612_000, 0.21), statusSecondsBehind: 0.1 })).toBe(
      '-c 1 -P 1: 612,000 commands/s for 3.0 s, lag max 0.210 s, p99 0.210 s, median 0.105 s (30 markers); status secondsBehind max 0.1 s',
    );
  });
});
