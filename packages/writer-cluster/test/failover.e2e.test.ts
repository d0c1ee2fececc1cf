import { compareDeployments, RedisCluster, RedisServer, waitFor } from '@redis-shuttle/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  collect,
  counterStream,
  createWriter,
  dumpEntries,
  fillKeys,
  liveCluster,
  writeAcross,
  wrongCounters,
} from './clusterHarness.js';
import type { KeyEntry } from '@redis-shuttle/core';

async function isMaster(node: RedisServer): Promise<boolean> {
  const info = await node.info('replication');
  return info.role === 'master';
}

describe('ClusterWriter across a failover', () => {
  let source: RedisServer;
  let entries: KeyEntry[];
  beforeEach(async () => {
    source = await RedisServer.start();
    await fillKeys(source.client(), 40_000);
    entries = await collect(dumpEntries(source.client()));
  });
  afterEach(async () => {
    await source?.stop();
  });

  it('follows CLUSTER FAILOVER on a replica without losing writes', async () => {
    const target = await RedisCluster.start({ masters: 3, replicasPerMaster: 1 });
    const writer = createWriter({ url: target.url, maxInFlightCommands: 256 });
    try {
      await writer.connect();
      const replica = target.replicas[0]!;
      let changing = true;
      const failover = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await replica.client().call('CLUSTER', 'FAILOVER');
        await waitFor(() => isMaster(replica), {
          timeoutMs: 30_000,
          intervalMs: 100,
          message: 'replica promoted',
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
      })().finally(() => {
        changing = false;
      });
      const reached = await writeAcross(writer, entries, () => changing);
      expect(reached).toBeGreaterThan(0);
      await failover;
      const comparison = await compareDeployments(source, liveCluster(target));
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      const stats = writer.stats();
      expect(stats.redirections.moved + stats.failovers).toBeGreaterThan(0);
      expect(writer.connections().some((c) => c.endpoint === `${replica.host}:${replica.port}`)).toBe(true);
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('keeps the live commands of each key in order, exactly once, across CLUSTER FAILOVER (SET then INCRs)', async () => {
    const target = await RedisCluster.start({ masters: 3, replicasPerMaster: 1 });
    const writer = createWriter({ url: target.url, maxInFlightCommands: 256 });
    try {
      await writer.connect();
      const keys = Array.from({ length: 3000 }, (_, i) => `counter:${i}`);
      const replica = target.replicas[2]!;
      let changing = true;
      const failover = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await replica.client().call('CLUSTER', 'FAILOVER');
        await waitFor(() => isMaster(replica), {
          timeoutMs: 30_000,
          intervalMs: 100,
          message: 'replica promoted',
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
      })().finally(() => {
        changing = false;
      });
      await writeAcross(writer, counterStream(keys, 25), () => changing);
      await failover;
      expect(await wrongCounters(target, keys, '24')).toEqual([]);
      const stats = writer.stats();
      expect(stats.redirections.moved + stats.failovers).toBeGreaterThan(0);
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('follows a master killed (its replica takes over) without losing acknowledged writes', async () => {
    const target = await RedisCluster.start({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1000 });
    const writer = createWriter({ url: target.url, maxInFlightCommands: 256 });
    try {
      await writer.connect();
      const [victim] = target.masters as [RedisServer];
      const replica = target.replicas[0]!;
      let changing = true;
      const kill = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        process.kill(victim.pid, 'SIGKILL');
        await waitFor(() => isMaster(replica), {
          timeoutMs: 30_000,
          intervalMs: 100,
          message: 'replica promoted',
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
      })().finally(() => {
        changing = false;
      });
      const reached = await writeAcross(writer, entries, () => changing);
      expect(reached).toBeGreaterThan(0);
      await kill;
      const alive = target.nodes.filter((node) => node !== victim);
      const comparison = await compareDeployments(source, liveCluster(target, alive));
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      const stats = writer.stats();
      expect(stats.failovers).toBe(1);
      expect(stats.warnings.join('\n')).toMatch(new RegExp(`${victim.port} no longer serves slots`));
      const statuses = writer.connections();
      expect(statuses.find((c) => c.endpoint === `${victim.host}:${victim.port}`)?.state).toBe('closed');
      expect(statuses.find((c) => c.endpoint === `${replica.host}:${replica.port}`)?.state).toBe('connected');
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('follows a master that hangs (DEBUG SLEEP) while its replica takes over, and the old master rejoining as a replica', async () => {
    const target = await RedisCluster.start({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1000 });
    const writer = createWriter({ url: target.url, maxInFlightCommands: 256 });
    try {
      await writer.connect();
      const sleeper = target.masters[1]!;
      const replica = target.replicas[1]!;
      let changing = true;
      const hang = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const sleeping = sleeper
          .client()
          .call('DEBUG', 'SLEEP', '10')
          .catch(() => undefined);
        await waitFor(() => isMaster(replica), {
          timeoutMs: 30_000,
          intervalMs: 100,
          message: 'replica promoted',
        });
        await sleeping;
        await waitFor(async () => !(await isMaster(sleeper)), {
          timeoutMs: 30_000,
          intervalMs: 100,
          message: 'old master rejoined as a replica',
        });
      })().finally(() => {
        changing = false;
      });
      const reached = await writeAcross(writer, entries, () => changing);
      expect(reached).toBeGreaterThan(0);
      await hang;
      const comparison = await compareDeployments(source, liveCluster(target, [target.masters[0]!]));
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      expect(writer.stats().failovers).toBeGreaterThanOrEqual(1);
    } finally {
      await writer.close();
      await target.stop();
    }
  });
});
