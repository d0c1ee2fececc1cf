import { compareDeployments, fillEveryType, RedisServer, waitFor } from '@redis-shuttle/testkit';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startScan } from './migrateScan.js';

/** Writes of every kind keyspace notifications carry, on existing and new keys, in dbs 0 and 1. */
async function writeLoad(client: Redis, rounds: number, seed: number): Promise<number> {
  let writes = 0;
  for (let round = 0; round < rounds; round++) {
    const pipe = client.pipeline();
    for (let i = 0; i < 50; i++) {
      const n = (seed * 7919 + round * 50 + i) % 5000;
      const db = n % 2;
      pipe.select(db);
      switch (n % 12) {
        case 0:
          pipe.set(`live:str:${n}`, `v${round}`);
          break;
        case 1:
          pipe.hset(`live:hash:${n % 100}`, `f${n}`, `v${round}`);
          break;
        case 2:
          pipe.rpush(`live:list:${n % 50}`, `e${round}`);
          break;
        case 3:
          pipe.zadd(`live:zset:${n % 50}`, round, `m${n}`);
          break;
        case 4:
          pipe.sadd(`live:set:${n % 50}`, `m${n}`);
          break;
        case 5:
          pipe.xadd(`live:stream:${n % 10}`, '*', 'f', `v${round}`);
          break;
        case 6:
          pipe.del(`live:str:${n - 6}`);
          break;
        case 7:
          pipe.pexpireat(`live:hash:${n % 100}`, 4102444800000);
          break;
        case 8:
          pipe.incr(`live:counter:${n % 20}`);
          break;
        case 9:
          pipe.rename(`live:str:${n - 9}`, `live:renamed:${n}`);
          break;
        case 10:
          pipe.set(`bulk:${n}`, `overwritten-${round}`); // a key the scan also reads
          break;
        default:
          pipe.persist(`live:hash:${n % 100}`);
      }
      writes++;
    }
    pipe.select(0);
    await pipe.exec();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return writes;
}

describe('scan reader, mode sync: keyspace notification tail', () => {
  it('after the writes stop, the target equals the source within 10 s', async () => {
    const source = await RedisServer.start();
    const target = await RedisServer.start();
    const messages: string[] = [];
    const logger = {
      debug() {},
      info: (_o: object | string, m?: string) => void messages.push(m ?? ''),
      warn: (_o: object | string, m?: string) => void messages.push(m ?? ''),
      error: (_o: object | string, m?: string) => void messages.push(m ?? ''),
    };
    try {
      const client = source.client();
      await fillEveryType(client, { dbs: [0, 1] });
      await client.call('DEBUG', 'POPULATE', '50000', 'bulk', '16');
      expect(await client.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', '']);
      const writer = source.client();
      // Writes start with the run: some land before the scan reaches their keys, some after.
      const run = startScan(
        { url: `scan+${source.url}`, mode: 'sync', count: 200 },
        { url: target.url },
        logger,
      );
      const during = writeLoad(writer, 60, 1);
      await waitFor(() => run.progress().phase === 'sync', {
        timeoutMs: 120_000,
        message: 'the scan to end',
      });
      await during;
      await writeLoad(writer, 40, 2); // and while tailing
      const settled = Date.now();
      // DEBUG DIGEST covers every db, key, value and TTL; the full comparison follows.
      const digest = (server: RedisServer) => server.client().call('DEBUG', 'DIGEST');
      await waitFor(async () => (await digest(source)) === (await digest(target)), {
        timeoutMs: 10_000,
        intervalMs: 100,
        message: 'the target digest to equal the source digest',
      });
      console.info(`target equal ${Date.now() - settled} ms after the writes stopped`);
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      run.stop();
      const { progress } = await run.done;
      expect(progress.tailKeys).toBeGreaterThan(0);
      expect(progress.tailDeletes).toBeGreaterThan(0);
      expect(messages.some((m) => m.includes('set notify-keyspace-events to "KA"'))).toBe(true);
      expect(await client.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', '']);
    } finally {
      await source.stop();
      await target.stop();
    }
  }, 300_000);

  it('rescans after the notification connection drops (CLIENT KILL TYPE pubsub), missing nothing', async () => {
    const source = await RedisServer.start();
    const target = await RedisServer.start();
    const messages: string[] = [];
    const logger = {
      debug() {},
      info: (_o: object | string, m?: string) => void messages.push(m ?? ''),
      warn: (_o: object | string, m?: string) => void messages.push(m ?? ''),
      error: (_o: object | string, m?: string) => void messages.push(m ?? ''),
    };
    try {
      const client = source.client();
      await fillEveryType(client, { dbs: [0] });
      const run = startScan({ url: `scan+${source.url}`, mode: 'sync' }, { url: target.url }, logger);
      await waitFor(() => run.progress().phase === 'sync', { timeoutMs: 60_000 });
      await client.client('KILL', 'TYPE', 'pubsub');
      // Written while the subscription is down: only the rescan can see these.
      for (let i = 0; i < 100; i++) await client.set(`during-drop:${i}`, String(i));
      const digest = (server: RedisServer) => server.client().call('DEBUG', 'DIGEST');
      await waitFor(async () => (await digest(source)) === (await digest(target)), { timeoutMs: 10_000 });
      expect(messages.some((m) => m.includes('rescanning'))).toBe(true);
      run.stop();
      await run.done;
    } finally {
      await source.stop();
      await target.stop();
    }
  }, 120_000);

  it('refuses sync mode when notifications are off and it may not enable them', async () => {
    const source = await RedisServer.start();
    const target = await RedisServer.start();
    try {
      const run = startScan(
        { url: `scan+${source.url}`, mode: 'sync', notifyKeyspaceEvents: false },
        { url: target.url },
      );
      await expect(run.done).rejects.toMatchObject({ code: 'E_CONFIG', message: /notify-keyspace-events/ });
    } finally {
      await source.stop();
      await target.stop();
    }
  });
});
