import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compareDeployments } from './compareDeployments.js';
import { deploymentDigest } from './deploymentDigest.js';
import { xorHex } from './digestUtils.js';
import { RedisCluster } from './RedisCluster.js';
import { RedisServer } from './RedisServer.js';

/** A cluster and a standalone server given the same keys must have the same digest. */
describe('deploymentDigest and compareDeployments: cluster vs standalone', () => {
  let cluster: RedisCluster;
  let standalone: RedisServer;
  let single: Redis;
  let masters: Redis[];

  beforeAll(async () => {
    [cluster, standalone] = await Promise.all([RedisCluster.start({ masters: 3 }), RedisServer.start()]);
    single = standalone.client();
    masters = cluster.masters.map((master) => master.client());
  });
  afterAll(async () => {
    await Promise.all([cluster?.stop(), standalone?.stop()]);
  });
  beforeEach(async () => {
    await Promise.all([single, ...masters].map((client) => client.flushall()));
  });

  /** Writes each key to the standalone server and to the cluster master that owns it. */
  async function writeBoth(keys: string[]): Promise<void> {
    const pipelines = new Map<Redis, ReturnType<Redis['pipeline']>>();
    const singlePipeline = single.pipeline();
    keys.forEach((key, i) => {
      const owner = masters[cluster.masters.indexOf(cluster.nodeForKey(key))]!;
      const pipeline = pipelines.get(owner) ?? owner.pipeline();
      pipelines.set(owner, pipeline);
      for (const p of [pipeline, singlePipeline]) {
        if (i % 4 === 0) p.set(key, `value-${i}`);
        if (i % 4 === 1) p.hset(key, 'field', String(i), 'other', 'x');
        if (i % 4 === 2) p.rpush(key, 'a', String(i));
        if (i % 4 === 3) p.zadd(key, i, 'member');
        if (i % 10 === 0) p.pexpireat(key, 4_102_444_800_000 + i);
      }
    });
    await Promise.all([singlePipeline.exec(), ...[...pipelines.values()].map((p) => p.exec())]);
  }

  async function nonEmptyMasters(): Promise<number> {
    const sizes = await Promise.all(masters.map((m) => m.dbsize()));
    return sizes.filter((size) => size > 0).length;
  }

  const keysOn = (masterIndexes: number[], count: number) =>
    Array.from({ length: count * 20 }, (_, i) => `key:${i}`)
      .filter((key) => masterIndexes.includes(cluster.masters.indexOf(cluster.nodeForKey(key))))
      .slice(0, count);

  it('is the empty digest for both when empty', async () => {
    expect(await deploymentDigest(cluster)).toBe('0'.repeat(40));
    expect((await compareDeployments(cluster, standalone)).equal).toBe(true);
  });

  it('matches for 1,000 keys across all slots (3 non-empty masters)', async () => {
    await writeBoth(Array.from({ length: 1000 }, (_, i) => `key:${i}`));
    expect(await nonEmptyMasters()).toBe(3);
    const digest = await deploymentDigest(standalone);
    expect(digest).not.toBe('0'.repeat(40));
    expect(await deploymentDigest(cluster)).toBe(digest);
    const result = await compareDeployments(cluster, standalone);
    expect(result.differences).toEqual([]);
    expect(result.equal).toBe(true);
    expect(result.keyCounts).toEqual({ source: { 0: 1000 }, target: { 0: 1000 } });
    expect((await compareDeployments(standalone, cluster)).equal).toBe(true);
  });

  it('matches with keys on exactly 2 of 3 masters (the even-count correction)', async () => {
    await writeBoth(keysOn([0, 2], 200));
    expect(await nonEmptyMasters()).toBe(2);
    const perNode = await Promise.all(masters.map(async (m) => String(await m.call('DEBUG', 'DIGEST'))));
    const digest = await deploymentDigest(standalone);
    expect(xorHex(...perNode)).not.toBe(digest); // a plain XOR is wrong here
    expect(await deploymentDigest(cluster)).toBe(digest);
    expect((await compareDeployments(standalone, cluster)).equal).toBe(true);
  });

  it('matches with keys on exactly 1 master', async () => {
    await writeBoth(keysOn([1], 50));
    expect(await nonEmptyMasters()).toBe(1);
    expect(await deploymentDigest(cluster)).toBe(await deploymentDigest(standalone));
  });

  it('reports differing keys, asking the master that owns each, also from plain addresses', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `key:${i}`);
    await writeBoth(keys);
    const owner = (key: string) => masters[cluster.masters.indexOf(cluster.nodeForKey(key))]!;
    await owner('key:4').set('key:4', 'changed');
    await owner('key:7').del('key:7');
    await owner('key:10').pexpireat('key:10', 4_102_444_900_000);
    await owner('new').set('new', '1');
    const seed = { host: cluster.masters[1]!.host, port: cluster.masters[1]!.port };
    const result = await compareDeployments(standalone, { nodes: [seed], cluster: true });
    expect(result.equal).toBe(false);
    expect([...result.differences].sort()).toEqual([
      'db0 "key:10": expiry differs (source 2100-01-01T00:00:00.010Z = 4102444800010 ms, ' +
        'target 2100-01-01T00:01:40.000Z = 4102444900000 ms)',
      'db0 "key:4": value differs',
      'db0 "key:7": missing in target',
      'db0 "new": only in target',
    ]);
  });
});
