import { randomBytes } from 'node:crypto';
import { compareDeployments, fillEveryType, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpEntries } from './dumpEntries.js';
import { createWriter, writeAll } from './writerHarness.js';

describe('the command path (type commands instead of RESTORE)', () => {
  let source: RedisServer;
  beforeAll(async () => {
    source = await RedisServer.start();
    await fillEveryType(source.client(), { dbs: [0, 1, 15], scale: 2 });
    const client = source.client();
    // a stream emptied by XTRIM keeps its last id and counters; a big hash, list and set in many pieces
    await client.xadd('stream:trimmed', '5-1', 'f', 'v');
    await client.xadd('stream:trimmed', '6-1', 'f', 'v');
    await client.xtrim('stream:trimmed', 'MAXLEN', 0);
    await client.hset('hash:big', ...Array.from({ length: 5000 }, (_, i) => [`f${i}`, `v${i}`]).flat());
    await client.rpush('list:big', ...Array.from({ length: 5000 }, (_, i) => `e${i}`));
    await client.zadd('zset:scores', '-inf', 'a', '+inf', 'b', '-0', 'c', 0.1, 'd', 5e-324, 'e');
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('writes every type, TTL and db by commands; DEBUG DIGEST equals the source', async () => {
    const target = await RedisServer.start();
    const writer = createWriter({ url: target.url, restore: 'never', commandElements: 100 });
    try {
      await writer.connect();
      await writeAll(writer, dumpEntries(source.client()));
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      const stats = writer.stats();
      expect(stats.keysByCommands).toBe(stats.keys);
      expect(stats.keysByRestore).toBe(0);
      expect(stats.warnings).toEqual([`${stats.keys} keys written by commands: restore = never`]);
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('switches to commands for a payload larger than the target proto-max-bulk-len', async () => {
    const big = await RedisServer.start();
    const client = big.client();
    await client.set('small', 'x');
    // incompressible elements: RDB and DUMP values are LZF-compressed
    for (let i = 0; i < 100_000; i += 10_000) {
      await client.rpush(
        'large:list',
        ...Array.from({ length: 10_000 }, () => randomBytes(24).toString('base64')),
      );
      await client.hset(
        'large:hash',
        ...Array.from({ length: 10_000 }, (_, j) => [`f${i + j}`, randomBytes(16).toString('hex')]).flat(),
      );
    }
    const target = await RedisServer.start({ config: { 'proto-max-bulk-len': '1mb' } });
    const writer = createWriter({ url: target.url, commandBytes: 256 * 1024 });
    try {
      await writer.connect();
      await writeAll(writer, dumpEntries(client, [0]));
      expect((await compareDeployments(big, target)).equal).toBe(true);
      expect(writer.stats()).toMatchObject({ keysByRestore: 1, keysByCommands: 2 });
      expect(writer.stats().warnings[0]).toMatch(
        /^2 keys written by commands: their DUMP payload is larger than the target's proto-max-bulk-len \(1048576 bytes\)/,
      );
    } finally {
      await writer.close();
      await Promise.all([big.stop(), target.stop()]);
    }
  });

  it('a string longer than the target allows cannot exist there: a clear error naming the key', async () => {
    const big = await RedisServer.start();
    await big.client().set('huge', randomBytes(3 * 1024 * 1024));
    const target = await RedisServer.start({ config: { 'proto-max-bulk-len': '1mb' } });
    const writer = createWriter({ url: target.url, commandBytes: 256 * 1024 });
    try {
      await writer.connect();
      await expect(writeAll(writer, dumpEntries(big.client(), [0]))).rejects.toMatchObject({
        code: 'E_TARGET_REJECTED',
        message: expect.stringMatching(/key "huge".*proto-max-bulk-len/),
      });
    } finally {
      await writer.close();
      await Promise.all([big.stop(), target.stop()]);
    }
  });
});
