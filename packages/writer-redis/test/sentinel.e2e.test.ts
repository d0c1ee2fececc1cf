import type { KeyEntry } from '@redis-shuttle/core';
import { compareDeployments, RedisSentinel, RedisServer, waitFor } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import { dumpEntries } from './dumpEntries.js';
import { createWriter, writeAll } from './writerHarness.js';

describe('a Sentinel-managed target', () => {
  it('follows a failover in the middle of a migration: reconnects to the new master, replays, loses nothing', async () => {
    const source = await RedisServer.start();
    const master = await RedisServer.start();
    const replica = await RedisServer.start({ args: ['--replicaof', master.host, String(master.port)] });
    let sentinel: RedisSentinel | undefined;
    try {
      const client = source.client();
      for (let batch = 0; batch < 100; batch++) {
        const pipe = client.pipeline();
        for (let i = 0; i < 1000; i++) pipe.set(`key:${batch * 1000 + i}`, `value-${batch}-${i}`);
        await pipe.exec();
      }
      await waitFor(async () => (await replica.info('replication')).master_link_status === 'up', {
        timeoutMs: 15_000,
      });
      sentinel = await RedisSentinel.start({ master });
      await waitFor(
        async () => {
          const replicas = (await sentinel!.client().call('SENTINEL', 'REPLICAS', 'mymaster')) as unknown[];
          return replicas.length > 0 || undefined;
        },
        { timeoutMs: 15_000, message: 'Sentinel never discovered the replica' },
      );

      const writer = createWriter({ url: sentinel.url(), maxInFlightCommands: 256 });
      await writer.connect();
      let written = 0;
      let failover: Promise<unknown> | undefined;
      async function* counted(): AsyncGenerator<KeyEntry> {
        for await (const entry of dumpEntries(client, [0])) {
          if (++written === 30_000) failover = sentinel!.failover();
          yield entry;
        }
      }
      try {
        await writeAll(writer, counted());
        await failover;
        const now = await sentinel.masterAddress();
        expect(now.port).toBe(replica.port);
        const comparison = await compareDeployments(source, replica);
        expect(comparison.differences).toEqual([]);
        expect(comparison.equal).toBe(true);
        expect(writer.stats().reconnects).toBeGreaterThan(0);
        expect(writer.connections()[0]?.endpoint).toBe(
          `master mymaster via Sentinel 127.0.0.1:${sentinel.port}`,
        );
      } finally {
        await writer.close();
      }
    } finally {
      await sentinel?.stop();
      await Promise.all([source.stop(), master.stop(), replica.stop()]);
    }
  });
});
