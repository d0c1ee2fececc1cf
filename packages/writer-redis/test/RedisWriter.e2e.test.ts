import { randomBytes } from 'node:crypto';
import type { KeyEntry } from '@redis-shuttle/core';
import { compareDeployments, fillEveryType, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpEntries } from './dumpEntries.js';
import { createWriter, writeAll } from './writerHarness.js';

/** The DUMP payload of the string "v" (RDB version 10). */
const smallDump = {
  payload: Buffer.from('0001760a009108ceb219388ace', 'hex'),
  rdbVersion: 10,
  rdbType: 0,
};

describe('RedisWriter', () => {
  let source: RedisServer;
  beforeAll(async () => {
    source = await RedisServer.start();
    await fillEveryType(source.client(), { dbs: [0, 1, 15], scale: 2 });
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('restores every type, TTL and db; the target equals the source', async () => {
    const target = await RedisServer.start();
    const writer = createWriter({ url: target.url });
    try {
      await writer.connect();
      await writeAll(writer, dumpEntries(source.client()));
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      expect(writer.stats()).toMatchObject({ reconnects: 0, replayed: 0 });
      expect(writer.connections()[0]).toMatchObject({ state: 'connected', inFlight: 0, role: 'target' });
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('writes a MULTI/EXEC unit atomically, and a plain command', async () => {
    const target = await RedisServer.start();
    const writer = createWriter({ url: target.url });
    try {
      await writer.connect();
      await writeAll(writer, [
        { kind: 'command', db: 2, argv: [Buffer.from('SET'), Buffer.from('a'), Buffer.from('1')] },
        {
          kind: 'transaction',
          db: 2,
          commands: [
            [Buffer.from('INCR'), Buffer.from('a')],
            [Buffer.from('RPUSH'), Buffer.from('l'), Buffer.from('x'), Buffer.from('y')],
          ],
        },
      ]);
      const client = target.client();
      await client.select(2);
      expect(await client.get('a')).toBe('2');
      expect(await client.lrange('l', 0, -1)).toEqual(['x', 'y']);
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('keeps sending keys behind a payload bigger than maxInFlightBytes', async () => {
    const target = await RedisServer.start();
    const writer = createWriter({ url: target.url, maxInFlightBytes: 1024 * 1024 });
    const scratch = await RedisServer.start();
    try {
      await scratch.client().set('big', randomBytes(3 * 1024 * 1024)); // random: not LZF-compressed
      let big: KeyEntry | undefined;
      for await (const entry of dumpEntries(scratch.client(), [0])) big = entry;
      expect(big!.dump!.payload.length).toBeGreaterThan(3 * 1024 * 1024);
      await writer.connect();
      // Nothing is acknowledged while writes are paused: only the in-flight limits decide.
      await target.client().call('CLIENT', 'PAUSE', '1000', 'WRITE');
      expect(writer.write(big!)).toBeUndefined();
      for (let i = 0; i < 20; i++) {
        const pending = writer.write({ ...big!, key: Buffer.from(`small:${i}`), dump: smallDump });
        expect(pending, `key ${i} waited behind the big payload`).toBeUndefined();
      }
      expect(writer.connections()[0]!.inFlight).toBe(21);
      await writer.flush();
      expect(await target.client().dbsize()).toBe(21);
      expect(await target.client().strlen('big')).toBe(3 * 1024 * 1024);
    } finally {
      await writer.close();
      await target.stop();
      await scratch.stop();
    }
  });

  it('stops on target OOM naming the key; with more memory a re-run completes', async () => {
    const target = await RedisServer.start({
      config: { maxmemory: '3mb', 'maxmemory-policy': 'noeviction' },
    });
    const writer = createWriter({ url: target.url, retryForMs: 500 });
    try {
      await writer.connect();
      const error = await writeAll(writer, dumpEntries(source.client())).catch((e) => e);
      expect(error).toMatchObject({ code: 'E_TARGET_OOM' });
      expect(error.message).toMatch(/out of memory writing key ".+" \(RESTORE\)/);
      // the key named is one the source has (read back from the bytes the write went out as)
      const named = JSON.parse(/writing key (".+?") \(RESTORE\)/.exec(error.message)![1]!) as string;
      const check = source.client();
      let found = 0;
      for (const db of [0, 1, 15]) {
        await check.select(db);
        found += await check.exists(named);
      }
      check.disconnect();
      expect(found, `${named} is in the source`).toBeGreaterThan(0);
    } finally {
      await writer.close();
    }
    await target.client().config('SET', 'maxmemory', '0');
    const again = createWriter({ url: target.url });
    try {
      await again.connect();
      await writeAll(again, dumpEntries(source.client()));
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      await again.close();
      await target.stop();
    }
  });
});

describe('RedisWriter under connection kills', () => {
  it('migrates 200,000 keys while the target kills its connection every 300 ms, and loses nothing', async () => {
    const source = await RedisServer.start();
    const target = await RedisServer.start();
    const writer = createWriter({ url: target.url, maxInFlightCommands: 512 });
    const killer = target.client();
    try {
      const client = source.client();
      for (let batch = 0; batch < 200; batch++) {
        const pipe = client.pipeline();
        for (let i = 0; i < 1000; i++) {
          const n = batch * 1000 + i;
          if (n % 10 === 0) pipe.hset(`h:${n}`, 'a', String(n), 'b', 'x'.repeat(n % 100));
          else pipe.set(`k:${n}`, `value-${n}-${'y'.repeat(n % 50)}`);
          if (n % 7 === 0) pipe.pexpireat(n % 10 === 0 ? `h:${n}` : `k:${n}`, 4102444800000 + n);
        }
        await pipe.exec();
      }
      await writer.connect();
      let kills = 0;
      const timer = setInterval(() => {
        killer
          .client('KILL', 'TYPE', 'normal')
          .then((n) => {
            kills += Number(n);
          })
          .catch(() => {});
      }, 300);
      try {
        await writeAll(writer, dumpEntries(client, [0]));
      } finally {
        clearInterval(timer);
      }
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      const stats = writer.stats();
      expect(kills).toBeGreaterThan(0);
      expect(stats.reconnects).toBeGreaterThan(0);
      expect(stats.replayed).toBeGreaterThan(0);
      expect(stats.keys).toBe(200_000);
    } finally {
      await writer.close();
      await Promise.all([source.stop(), target.stop()]);
    }
  });
});
