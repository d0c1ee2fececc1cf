import { describe, expect, it } from 'vitest';
import { parseArgs } from './cliArgs.js';
import { selectItems } from './selectItems.js';
import type { Limit, Scenario } from './types.js';

describe('parseArgs', () => {
  it('defaults to the small scale and every item', () => {
    expect(parseArgs([])).toEqual({ scale: 'small', only: [], runs: undefined, list: false, help: false });
  });

  it('reads --scale, --only (repeated or comma-separated), --runs, with or without =', () => {
    expect(parseArgs(['--scale', 'full', '--only', 'a,b', '--only=c', '--runs=4'])).toMatchObject({
      scale: 'full',
      only: ['a', 'b', 'c'],
      runs: 4,
    });
  });

  it('rejects bad values and unknown options', () => {
    expect(() => parseArgs(['--scale', 'huge'])).toThrow(/small or full/);
    expect(() => parseArgs(['--runs', '0'])).toThrow(/--runs/);
    expect(() => parseArgs(['--only'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option/);
  });
});

describe('selectItems', () => {
  const run = async () => ({ seconds: 1, keys: 1, bytes: 1 });
  const limits: Limit[] = [
    { name: 'rdb-load', description: '', run },
    { name: 'restore-pipe', description: '', run },
  ];
  const scenarios: Scenario[] = [
    { name: 'parse-raw', description: '', limit: 'rdb-load', run },
    { name: 'rdb-to-standalone', description: '', limit: 'restore-pipe', run },
  ];

  it('adds the limit a chosen scenario is compared with', () => {
    const chosen = selectItems({ limits, scenarios }, ['parse-raw']);
    expect(chosen.scenarios.map((s) => s.name)).toEqual(['parse-raw']);
    expect(chosen.limits.map((l) => l.name)).toEqual(['rdb-load']);
  });

  it('can run a limit alone, everything by default, and names unknown items', () => {
    expect(selectItems({ limits, scenarios }, ['restore-pipe']).scenarios).toEqual([]);
    expect(selectItems({ limits, scenarios }, []).scenarios).toHaveLength(2);
    expect(() => selectItems({ limits, scenarios }, ['nope'])).toThrow(/unknown scenario or limit: nope/);
  });
});
