import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { compareDeployments } from './compareDeployments.js';
import { deploymentDigest } from './deploymentDigest.js';
import { RedisServer } from './RedisServer.js';

describe('compareDeployments (standalone)', () => {
  let source: RedisServer;
  let target: RedisServer;
  let a: Redis;
  let b: Redis;

  beforeAll(async () => {
    [source, target] = await Promise.all([RedisServer.start(), RedisServer.start({ password: 'pw' })]);
    a = source.client();
    b = target.client();
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });
  beforeEach(async () => {
    await Promise.all([a.flushall(), b.flushall()]);
  });

  /** Writes the same data set to both servers. */
  async function seedBoth(): Promise<void> {
    for (const client of [a, b]) {
      await client.set('str', 'v');
      await client.hset('hash', { f1: '1', f2: '2' });
      await client.rpush('list', 'x', 'y', 'z');
      await client.sadd('set', 'm1', 'm2');
      await client.zadd('zset', 1, 'one', 2, 'two');
      await client.set(Buffer.from([0x6b, 0xff, 0x00, 0x22]), 'binary key');
      await client.set('ttl', 'v', 'PXAT', 4_102_444_800_000);
      await client.select(2);
      await client.set('in-db2', 'v');
      await client.select(0);
    }
  }

  it('finds two empty servers equal', async () => {
    const result = await compareDeployments(source, target);
    expect(result).toEqual({
      equal: true,
      differences: [],
      digests: { source: '0'.repeat(40), target: '0'.repeat(40) },
      keyCounts: { source: {}, target: {} },
    });
  });

  it('finds identical data sets equal, across types and dbs', async () => {
    await seedBoth();
    const result = await compareDeployments(source, target);
    expect(result.differences).toEqual([]);
    expect(result.equal).toBe(true);
    expect(result.keyCounts.source).toEqual({ 0: 7, 2: 1 });
    expect(result.digests.source).toBe(await deploymentDigest(target));
  });

  it('reports a value that differs', async () => {
    await seedBoth();
    await b.hset('hash', 'f2', 'changed');
    const result = await compareDeployments(source, target);
    expect(result.equal).toBe(false);
    expect(result.digests.source).not.toBe(result.digests.target);
    expect(result.differences).toEqual(['db0 "hash": value differs']);
  });

  it('reports a TTL that differs, within and beyond the tolerance', async () => {
    await seedBoth();
    await b.pexpireat('ttl', 4_102_444_800_500);
    const strict = await compareDeployments(source, target);
    expect(strict.equal).toBe(false);
    expect(strict.digests.source).toBe(strict.digests.target); // DEBUG DIGEST ignores the expiry time
    expect(strict.differences).toEqual([
      'db0 "ttl": expiry differs (source 2100-01-01T00:00:00.000Z = 4102444800000 ms, ' +
        'target 2100-01-01T00:00:00.500Z = 4102444800500 ms)',
    ]);
    expect((await compareDeployments(source, target, { expiryToleranceMs: 1000 })).equal).toBe(true);
    await b.persist('ttl');
    const persisted = await compareDeployments(source, target, { expiryToleranceMs: 1000 });
    expect(persisted.differences).toEqual([
      expect.stringMatching(/^db0 "ttl": expiry differs \(source .*, target none\)$/),
    ]);
  });

  it('reports missing and extra keys, binary-safe', async () => {
    await seedBoth();
    await b.del(Buffer.from([0x6b, 0xff, 0x00, 0x22]));
    await b.set('extra', '1');
    const result = await compareDeployments(source, target);
    expect(result.equal).toBe(false);
    expect(result.differences).toEqual([
      'db0 "k\\xff\\x00\\"": missing in target',
      'db0 "extra": only in target',
    ]);
  });

  it('reports a type that differs', async () => {
    await seedBoth();
    await b.del('str');
    await b.rpush('str', 'v');
    const result = await compareDeployments(source, target);
    expect(result.differences).toEqual(['db0 "str": type string in source, list in target']);
  });

  it('tells a key moved to another db', async () => {
    await seedBoth();
    await b.move('str', 5);
    const result = await compareDeployments(source, target);
    expect(result.equal).toBe(false);
    expect(result.keyCounts.target).toEqual({ 0: 6, 2: 1, 5: 1 });
    expect(result.differences).toEqual([
      'db0: source has 7 keys, target has 6',
      'db0 "str": missing in target',
      'db5: source has 0 keys, target has 1',
      'db5 "str": only in target',
    ]);
    const onlyDb2 = await compareDeployments(source, target, { dbs: [2] });
    expect(onlyDb2.equal).toBe(false); // the digest still covers every db
    expect(onlyDb2.differences).toEqual([
      expect.stringMatching(/^digests differ .* no key of the compared dbs does$/),
    ]);
  });

  it('accepts plain node addresses and caps the report', async () => {
    const pipeline = a.pipeline();
    for (let i = 0; i < 2500; i++) pipeline.set(`key:${i}`, String(i));
    await pipeline.exec();
    const result = await compareDeployments(
      { nodes: [{ host: source.host, port: source.port }], cluster: false },
      { nodes: [{ host: target.host, port: target.port, password: 'pw' }], cluster: false },
      { maxReportedDifferences: 3 },
    );
    expect(result.equal).toBe(false);
    expect(result.differences).toHaveLength(4);
    expect(result.differences[3]).toBe('… and 2498 more differences');
  });
});
