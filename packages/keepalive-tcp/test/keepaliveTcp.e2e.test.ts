import type { KeepaliveConnection, KeepaliveHandle, KeepaliveStrategy } from '@redis-shuttle/core';
import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import { getKeepAliveInterval, getKeepAliveProbes, getUserTimeout } from 'net-keepalive';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SocketTuner } from '../src/SocketTuner.js';
import { TcpKeepalive } from '../src/TcpKeepalive.js';
import { migrationRun, sourceWithRdb } from '@redis-shuttle/e2e-support';

/** Wraps a strategy to see the writer's connection and the handle (the test's window on them). */
class Observed implements KeepaliveStrategy {
  readonly name: string;
  connection: KeepaliveConnection | undefined;
  handle: KeepaliveHandle | undefined;
  constructor(private readonly inner: KeepaliveStrategy) {
    this.name = inner.name;
  }
  attach(connection: KeepaliveConnection): KeepaliveHandle {
    this.connection = connection;
    this.handle = this.inner.attach(connection);
    return this.handle;
  }
}

describe('keepalive-tcp against a target that closes clients idle for 2 s (issue 6)', () => {
  const servers: RedisServer[] = [];
  let source: RedisServer;
  let rdbPath: string;

  beforeAll(async () => {
    ({ source, rdbPath } = await sourceWithRdb(1));
    servers.push(source);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('sets the probes on the writer socket, yet the target timeout still closes it (probes carry no data); the replay gives an equal result', async () => {
    const server = await RedisServer.start({ config: { timeout: '2' } });
    servers.push(server);
    const observed = new Observed(new TcpKeepalive({ idleMs: 1_000, intervalMs: 1_000, count: 3 }));
    let options: number[] = [];
    const { stats, connections } = await migrationRun({
      rdbPath,
      targetUrl: server.url,
      strategies: [observed],
      stallMs: 12_000,
      onStallStart: async () => {
        const socket = observed.connection!.socket()!;
        options = [getKeepAliveInterval(socket), getKeepAliveProbes(socket), getUserTimeout(socket)];
      },
    });
    expect(options).toEqual([1_000, 3, 4_000]);
    expect(stats.reconnects).toBeGreaterThanOrEqual(1);
    // set again on every new connection
    expect((observed.handle as SocketTuner).tuned).toBe(stats.reconnects + 1);
    expect(connections[0]!.pingsSent).toBe(0);
    const comparison = await compareDeployments(source, server);
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
  });
});
