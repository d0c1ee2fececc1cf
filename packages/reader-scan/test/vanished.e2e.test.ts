import { compareDeployments, FAR_FUTURE_MS, fillEveryType, RedisServer } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import { migrateScan } from './migrateScan.js';

describe('scan reader: keys that vanish, expiries', () => {
  it('skips and counts keys that vanish between SCAN and DUMP', async () => {
    const source = await RedisServer.start();
    const target = await RedisServer.start();
    try {
      const client = source.client();
      for (let i = 0; i < 10; i++) await client.set(`stays:${i}`, 'v');
      for (let i = 0; i < 20; i++) await client.set(`goes:${i}`, 'v', 'PX', 700);
      // At 1 command per second the DUMP batch is sent a second after the SCAN that listed the keys:
      // by then the `goes:` keys have expired.
      const { progress } = await migrateScan(
        { url: `scan+${source.url}`, sourceMaxOps: 1, functions: false },
        { url: target.url },
      );
      expect(progress.vanished).toBe(20);
      expect(progress.keys).toBe(10);
      expect((await target.client().keys('*')).sort()).toEqual(
        [...Array(10).keys()].map((i) => `stays:${i}`).sort(),
      );
    } finally {
      await source.stop();
      await target.stop();
    }
  });

  it('reads expiries with PTTL (servers before 7.0, proxies) within the round-trip time', async () => {
    const source = await RedisServer.start();
    const target = await RedisServer.start();
    try {
      await fillEveryType(source.client(), { dbs: [0] });
      await source.client().set('soon', 'v', 'PX', 3_600_000);
      await migrateScan({ url: `scan+${source.url}`, expiryCommand: 'PTTL' }, { url: target.url });
      const comparison = await compareDeployments(source, target, { expiryToleranceMs: 1_000 });
      expect(comparison.differences).toEqual([]);
      expect(await target.client().pexpiretime('soon')).toBeGreaterThan(Date.now());
      expect(await target.client().pexpiretime('soon')).toBeLessThan(FAR_FUTURE_MS);
    } finally {
      await source.stop();
      await target.stop();
    }
  });
});
