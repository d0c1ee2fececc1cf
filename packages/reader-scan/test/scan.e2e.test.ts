import { compareDeployments, RedisCluster, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_ZSET, fillBigSource } from './bigSource.js';
import { migrateScan } from './migrateScan.js';

const KEYS = 300_000;

async function functionList(server: RedisServer): Promise<string> {
  const libraries = (await server.client().call('FUNCTION', 'LIST', 'WITHCODE')) as unknown[][];
  return JSON.stringify(libraries.map((l) => JSON.stringify(l)).sort());
}

describe('scan reader: a 300,000-key source with every type and big keys', () => {
  let source: RedisServer;
  beforeAll(async () => {
    source = await RedisServer.start();
    await fillBigSource(source.client(), KEYS, [0, 1, 15]);
    await source
      .client()
      .call(
        'FUNCTION',
        'LOAD',
        "#!lua name=scanlib\nredis.register_function('scan_fn', function(keys, args) return 1 end)",
      );
  }, 300_000);
  afterAll(async () => {
    await source?.stop();
  });

  it('→ a standalone target: equal, functions included', async () => {
    const target = await RedisServer.start();
    try {
      const { progress } = await migrateScan({ url: `scan+${source.url}`, count: 500 }, { url: target.url });
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      expect(await functionList(target)).toBe(await functionList(source));
      expect(await target.client().zcard(BIG_ZSET)).toBe(1_000_000);
      expect(progress.keys).toBe(Object.values(comparison.keyCounts.source).reduce((a, b) => a + b, 0));
      expect(progress.keys).toBeGreaterThanOrEqual(KEYS);
      expect(progress.vanished).toBe(0);
      expect(progress.estimatedFraction).toBe(1);
    } finally {
      await target.stop();
    }
  }, 600_000);

  it('accepts the URL without the scan+ prefix, limits the source rate and reads only the dbs asked', async () => {
    const target = await RedisServer.start();
    try {
      const started = Date.now();
      const { progress } = await migrateScan(
        { url: source.url, dbs: [1, 15], sourceMaxOps: 200, count: 50 },
        { url: target.url },
      );
      const seconds = (Date.now() - started) / 1000;
      const comparison = await compareDeployments(source, target, { dbs: [1, 15] });
      // db 0 is not copied: the digests (over all dbs) differ, but no key of dbs 1 and 15 does.
      expect(comparison.differences.filter((d) => !d.startsWith('digests differ'))).toEqual([]);
      expect(comparison.keyCounts.target).toEqual({
        1: comparison.keyCounts.source[1],
        15: comparison.keyCounts.source[15],
      });
      expect(await target.client().dbsize()).toBe(0);
      // 1 SCAN + 2 commands per key, at 200 per second.
      const ops = progress.keys * 2;
      expect(seconds).toBeGreaterThanOrEqual(((ops - 200) / 200) * 0.9);
    } finally {
      await target.stop();
    }
  }, 300_000);
});

describe('scan reader → a 3-master cluster target (writer-cluster)', () => {
  it('copies a 300,000-key db 0 with big keys: equal', async () => {
    const source = await RedisServer.start();
    const cluster = await RedisCluster.start({ masters: 3 });
    try {
      await fillBigSource(source.client(), KEYS, [0]);
      await migrateScan({ url: `scan+${source.url}`, functions: false }, { url: cluster.url, cluster: true });
      const comparison = await compareDeployments(source, cluster);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
    } finally {
      await cluster.stop();
      await source.stop();
    }
  }, 600_000);
});
