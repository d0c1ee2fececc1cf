import { compareDeployments, RedisCluster, RedisServer } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import {
  collect,
  counterStream,
  createWriter,
  dumpEntries,
  fillKeys,
  writeAcross,
  wrongCounters,
} from './clusterHarness.js';
import { moveSlots } from './moveSlots.js';

describe('ClusterWriter during resharding', () => {
  it('follows MOVED and ASK while 2,000 slots move between two masters; compares equal', async () => {
    const source = await RedisServer.start();
    const target = await RedisCluster.start({ masters: 3 });
    const writer = createWriter({ url: target.url, maxInFlightCommands: 256 });
    try {
      // No TTLs here: MIGRATE (the test's resharding, not the writer) sends relative TTLs, which
      // can move an expiry by 1 ms and so change DEBUG DIGEST.
      await fillKeys(source.client(), 60_000, { ttl: false });
      const entries = await collect(dumpEntries(source.client()));
      await writer.connect();
      const [first, second, third] = target.masters as [RedisServer, RedisServer, RedisServer];
      const slots = Array.from({ length: 2000 }, (_, i) => i); // master 0 serves 0-5460
      let moving = true;
      const move = moveSlots(first, second, [third], slots).finally(() => {
        moving = false;
      });
      const reached = await writeAcross(writer, entries, () => moving);
      await move;
      const stats = writer.stats();
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      expect(reached).toBeGreaterThan(0);
      expect(stats.redirections.moved).toBeGreaterThan(0);
      expect(stats.redirections.ask).toBeGreaterThan(0);
      expect(String(await second.client().call('CLUSTER', 'COUNTKEYSINSLOT', '5'))).not.toBe('0');
    } finally {
      await writer.close();
      await Promise.all([source.stop(), target.stop()]);
    }
  });

  it('keeps the live commands of each key in order, exactly once, while 2,000 slots move (SET then INCRs)', async () => {
    const target = await RedisCluster.start({ masters: 3 });
    const writer = createWriter({ url: target.url, maxInFlightCommands: 256 });
    try {
      await writer.connect();
      const keys = Array.from({ length: 3000 }, (_, i) => `counter:${i}`);
      const entries = counterStream(keys, 25);
      const [first, second, third] = target.masters as [RedisServer, RedisServer, RedisServer];
      let moving = true;
      const move = moveSlots(
        first,
        second,
        [third],
        Array.from({ length: 2000 }, (_, i) => i),
      ).finally(() => {
        moving = false;
      });
      await writeAcross(writer, entries, () => moving);
      await move;
      expect(await wrongCounters(target, keys, '24')).toEqual([]);
      const stats = writer.stats();
      expect(stats.redirections.moved).toBeGreaterThan(0);
      expect(stats.redirections.ask).toBeGreaterThan(0);
    } finally {
      await writer.close();
      await target.stop();
    }
  });
});
