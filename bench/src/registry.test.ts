import { describe, expect, it } from 'vitest';
import { loadRegistry } from './registry.js';

describe('loadRegistry', () => {
  it('loads every scenario and limit file, each compared with a limit that exists', async () => {
    const { limits, scenarios } = await loadRegistry();
    expect(limits.map((l) => l.name).sort()).toEqual(['rdb-load', 'restore-pipe']);
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining(['parse-raw', 'parse-decoded', 'rdb-to-standalone']),
    );
    const limitNames = new Set(limits.map((l) => l.name));
    for (const scenario of scenarios) expect(limitNames.has(scenario.limit)).toBe(true);
  });
});
