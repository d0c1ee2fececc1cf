import { describe, expect, it } from 'vitest';
import { parsePipeSummary } from './redisCliUtils.js';
import { countsDiffer, parseLoadSeconds } from './serverUtils.js';

describe('serverUtils', () => {
  it("reads redis-server's load time from its log", () => {
    const log = [
      '123:M 24 Nov 2026 19:00:00.000 * Loading RDB produced by version 7.0.15',
      '123:M 24 Nov 2026 19:00:01.234 * Done loading RDB, keys loaded: 100003, keys expired: 0.',
      '123:M 24 Nov 2026 19:00:01.234 * DB loaded from disk: 1.234 seconds',
    ].join('\n');
    expect(parseLoadSeconds(log)).toBe(1.234);
    expect(parseLoadSeconds('no such line')).toBeUndefined();
  });

  it('compares key counts per db', () => {
    expect(countsDiffer({ 0: 5, 1: 2 }, { 0: 5, 1: 2 })).toBeUndefined();
    expect(countsDiffer({ 0: 5, 1: 2 }, { 0: 5 })).toBe('db1: 2 keys expected, 0 found');
  });

  it('reads the summary of redis-cli --pipe', () => {
    const out =
      'All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 0, replies: 100005\n';
    expect(parsePipeSummary(out)).toEqual({ errors: 0, replies: 100005 });
    expect(parsePipeSummary('ERR unknown command\nerrors: 1, replies: 3')).toEqual({ errors: 1, replies: 3 });
    expect(parsePipeSummary('')).toBeUndefined();
  });
});
