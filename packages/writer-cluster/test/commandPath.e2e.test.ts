import { randomBytes } from 'node:crypto';
import { compareDeployments, fillEveryType, RedisCluster, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateRdb, saveRdb } from './clusterHarness.js';

describe('keys the cluster cannot RESTORE go as type commands to their slot', () => {
  let source: RedisServer;
  let rdb: string;
  beforeAll(async () => {
    source = await RedisServer.start();
    const client = source.client();
    await fillEveryType(client, { dbs: [0] });
    // incompressible, so their DUMP payloads stay above 1 MiB (RDB values are LZF-compressed)
    for (let i = 0; i < 60_000; i += 10_000) {
      await client.rpush(
        'big:list',
        ...Array.from({ length: 10_000 }, () => randomBytes(24).toString('base64')),
      );
      await client.hset(
        'big:hash',
        ...Array.from({ length: 10_000 }, (_, j) => [`f${i + j}`, randomBytes(16).toString('hex')]).flat(),
      );
      await client.zadd(
        'big:zset',
        ...Array.from({ length: 10_000 }, (_, j) => [(i + j) / 7, randomBytes(12).toString('hex')]).flat(),
      );
    }
    await client.pexpireat('big:hash', 4102444800000);
    rdb = await saveRdb(source);
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('payloads above the nodes’ proto-max-bulk-len are decoded and written by commands', async () => {
    const cluster = await RedisCluster.start({ masters: 3, args: ['--proto-max-bulk-len', '1mb'] });
    try {
      const stats = await migrateRdb(rdb, { url: cluster.url });
      expect((await compareDeployments(source, cluster)).differences).toEqual([]);
      expect(stats.keysByCommands).toBe(3);
      expect(stats.warnings.join('\n')).toMatch(
        /3 keys written by commands: their DUMP payload is larger than the target's proto-max-bulk-len/,
      );
    } finally {
      await cluster.stop();
    }
  });

  it('keys the reader streams decoded (maxPayloadBytes) are written chunk by chunk', async () => {
    const cluster = await RedisCluster.start({ masters: 3 });
    try {
      const stats = await migrateRdb(rdb, { url: cluster.url }, [], { maxPayloadBytes: 256 * 1024 });
      expect((await compareDeployments(source, cluster)).differences).toEqual([]);
      expect(stats.keysByCommands).toBeGreaterThanOrEqual(3);
      expect(stats.warnings.join('\n')).toMatch(/keys written by commands: the reader decoded them/);
    } finally {
      await cluster.stop();
    }
  });
});
