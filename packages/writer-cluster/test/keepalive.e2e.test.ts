import type { KeepaliveStrategy, KeyEntry } from '@redis-shuttle/core';
import { PiggybackKeepalive } from '@redis-shuttle/keepalive-piggyback';
import { PingKeepalive } from '@redis-shuttle/keepalive-ping';
import { compareDeployments, RedisCluster, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, configSetAll, createWriter, dumpEntries, fillKeys } from './clusterHarness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ClusterWriter keepalive per node (target timeout 2 s, 12 s with writes for one shard only)', () => {
  let source: RedisServer;
  let cluster: RedisCluster;
  let entries: KeyEntry[];
  let busyShard: KeyEntry[];
  beforeAll(async () => {
    source = await RedisServer.start();
    cluster = await RedisCluster.start({ masters: 3 });
    await fillKeys(source.client(), 6_000);
    entries = await collect(dumpEntries(source.client()));
    const busy = cluster.masters[0]!;
    busyShard = entries.filter((entry) => cluster.nodeForKey(entry.key) === busy);
    await configSetAll(cluster, 'timeout', '2');
  });
  beforeEach(async () => {
    await Promise.all(cluster.masters.map((master) => master.client().call('FLUSHALL')));
  });
  afterAll(async () => {
    await cluster?.stop();
    await source?.stop();
  });

  /** All shards, then 12 s of writes to one shard with the pipeline's ticks, then everything. */
  async function migrateWithStall(strategies: KeepaliveStrategy[]) {
    const writer = createWriter({ url: cluster.url }, strategies);
    await writer.connect();
    try {
      const half = Math.floor(entries.length / 2);
      for (const entry of entries.slice(0, half)) await writer.write(entry);
      await writer.flush();
      const stallEnd = Date.now() + 12_000;
      let lastTick = Date.now();
      for (let i = 0; Date.now() < stallEnd; i++) {
        await writer.write(busyShard[i % busyShard.length]!);
        if (i % 5 === 4) await sleep(100);
        if (Date.now() - lastTick >= 500) {
          writer.tick();
          lastTick = Date.now();
        }
      }
      for (const entry of entries) await writer.write(entry);
      await writer.flush();
      return { connections: writer.connections(), stats: writer.stats() };
    } finally {
      await writer.close();
    }
  }

  const endpointOf = (node: RedisServer) => `${node.host}:${node.port}`;

  it('with the ping strategy no node connection reconnects', async () => {
    const { connections } = await migrateWithStall([new PingKeepalive()]);
    expect(connections).toHaveLength(3);
    for (const c of connections)
      expect(c).toMatchObject({ reconnects: 0, keepalive: ['ping'], state: 'connected' });
    const idle = connections.filter((c) => c.endpoint !== endpointOf(cluster.masters[0]!));
    for (const c of idle) expect(c.pingsSent).toBeGreaterThan(0);
    const comparison = await compareDeployments(source, cluster);
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
  });

  it('with the piggyback strategy (PINGs on the pipeline ticks, forwarded to every node) no node connection reconnects', async () => {
    const { connections } = await migrateWithStall([new PiggybackKeepalive()]);
    for (const c of connections) expect(c).toMatchObject({ reconnects: 0, keepalive: ['piggyback'] });
    const idle = connections.filter((c) => c.endpoint !== endpointOf(cluster.masters[0]!));
    for (const c of idle) expect(c.pingsSent).toBeGreaterThan(0);
    expect((await compareDeployments(source, cluster)).equal).toBe(true);
  });

  it('without a strategy the idle nodes reconnect, and the result is still equal', async () => {
    const { connections, stats } = await migrateWithStall([]);
    const byEndpoint = new Map(connections.map((c) => [c.endpoint, c]));
    expect(byEndpoint.get(endpointOf(cluster.masters[0]!))?.reconnects).toBe(0);
    expect(byEndpoint.get(endpointOf(cluster.masters[1]!))?.reconnects).toBeGreaterThan(0);
    expect(byEndpoint.get(endpointOf(cluster.masters[2]!))?.reconnects).toBeGreaterThan(0);
    expect(stats.reconnects).toBeGreaterThan(0);
    const comparison = await compareDeployments(source, cluster);
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
  });
});
