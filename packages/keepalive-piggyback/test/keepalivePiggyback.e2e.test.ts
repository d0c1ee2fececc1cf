import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PiggybackKeepalive } from '../src/PiggybackKeepalive.js';
import { migrationRun, sourceWithRdb } from '@redis-shuttle/e2e-support';

const STALL_MS = 12_000;

async function connectionsReceived(server: RedisServer): Promise<number> {
  return Number((await server.info('stats')).total_connections_received);
}

async function pingCalls(server: RedisServer): Promise<number> {
  const line = (await server.info('commandstats')).cmdstat_ping;
  return line ? Number(/calls=(\d+)/.exec(line)![1]) : 0;
}

describe('keepalive-piggyback against a target that closes clients idle for 2 s (issue 6)', () => {
  const servers: RedisServer[] = [];
  let source: RedisServer;
  let rdbPath: string;

  async function target(): Promise<RedisServer> {
    const server = await RedisServer.start({ config: { timeout: '2' } });
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    ({ source, rdbPath } = await sourceWithRdb(1));
    servers.push(source);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('keeps the connection through a 12 s stall of the reader: no reconnect, equal result', async () => {
    const server = await target();
    let before = 0;
    let after = 0;
    const { stats, connections } = await migrationRun({
      rdbPath,
      targetUrl: server.url,
      strategies: [new PiggybackKeepalive()],
      stallMs: STALL_MS,
      heartbeatMs: 500,
      onStallStart: async () => {
        before = await connectionsReceived(server);
      },
      onStallEnd: async () => {
        after = await connectionsReceived(server);
      },
    });
    expect(stats.reconnects).toBe(0);
    // each INFO probe is one connection of its own: the second one is the only new connection
    expect(after - before).toBe(1);
    expect(connections[0]!.pingsSent).toBeGreaterThanOrEqual(STALL_MS / 3_000);
    const comparison = await compareDeployments(source, server);
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
  });

  it('sends no PING at all while writes flow', async () => {
    const { source: big, rdbPath: bigRdb } = await sourceWithRdb(12);
    servers.push(big);
    const server = await target();
    const pingsBefore = await pingCalls(server);
    const { stats, connections } = await migrationRun({
      rdbPath: bigRdb,
      targetUrl: server.url,
      strategies: [new PiggybackKeepalive()],
      heartbeatMs: 500,
    });
    expect(stats.reconnects).toBe(0);
    expect(connections[0]!.pingsSent).toBe(0);
    expect(await pingCalls(server)).toBe(pingsBefore);
    expect((await compareDeployments(big, server)).equal).toBe(true);
  });
});
