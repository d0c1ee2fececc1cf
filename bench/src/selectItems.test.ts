import { describe, expect, it } from 'vitest';
import { selectItems } from './selectItems.js';
import type { Limit, Scenario } from './types.js';

const run = async () => ({ seconds: 1, keys: 1, bytes: 1 });
const limit = (name: string): Limit => ({ name: name as Limit['name'], description: '', run });
const scenario = (name: string, vs?: string): Scenario => ({ name, description: '', limit: vs, run });

const all = {
  limits: [limit('restore-pipe'), limit('rdb-load')],
  scenarios: [
    scenario('keepalive-none', 'restore-pipe'),
    scenario('keepalive-ping', 'keepalive-none'),
    scenario('live-stream-apply'),
    scenario('parse-raw', 'rdb-load'),
  ],
};

describe('selectItems', () => {
  it('brings the limit of a chosen scenario, and a baseline scenario with its own limit', () => {
    const picked = selectItems(all, ['keepalive-ping']);
    expect(picked.scenarios.map((s) => s.name)).toEqual(['keepalive-none', 'keepalive-ping']);
    expect(picked.limits.map((l) => l.name)).toEqual(['restore-pipe']);
  });

  it('takes a scenario without a limit alone, and everything when nothing is asked', () => {
    expect(selectItems(all, ['live-stream-apply'])).toEqual({
      limits: [],
      scenarios: [all.scenarios[2]],
    });
    expect(selectItems(all, [])).toBe(all);
  });

  it('refuses unknown names', () => {
    expect(() => selectItems(all, ['nope'])).toThrow(/unknown scenario or limit: nope/);
  });
});
