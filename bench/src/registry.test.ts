import { describe, expect, it } from 'vitest';
import { loadRegistry } from './registry.js';

describe('loadRegistry', () => {
  it('loads every scenario and limit file, each compared with a limit or scenario that exists', async () => {
    const { limits, scenarios } = await loadRegistry();
    expect(limits.map((l) => l.name).sort()).toEqual([
      'command-ingest',
      'rdb-fetch-then-restore',
      'rdb-load',
      'restore-pipe',
      'restore-pipe-cluster',
    ]);
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'parse-raw',
        'parse-decoded',
        'rdb-to-standalone',
        'rdb-to-cluster',
        'psync-full-sync',
        'scan',
        'keepalive-none',
        'keepalive-ping',
        'keepalive-tcp',
        'keepalive-piggyback',
        'live-stream-apply',
        'live-stream-lag',
      ]),
    );
    const limitNames = new Set([...limits, ...scenarios].map((item) => item.name));
    for (const scenario of scenarios) {
      if (scenario.limit !== undefined) expect(limitNames.has(scenario.limit)).toBe(true);
    }
  });
});
