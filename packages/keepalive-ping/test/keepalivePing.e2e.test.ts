import { setTimeout as sleep } from 'node:timers/promises';
import { container, silentLogger, TOKENS, type TransactionEntry } from '@redis-shuttle/core';
import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import writerPlugin, { redisWriterConfigSchema } from '@redis-shuttle/writer-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PingKeepalive } from '../src/PingKeepalive.js';
import { migrationRun, sourceWithRdb } from '@redis-shuttle/e2e-support';

const STALL_MS = 12_000;

async function connectionsReceived(server: RedisServer): Promise<number> {
  return Number((await server.info('stats')).total_connections_received);
}

async function pingCalls(server: RedisServer): Promise<number> {
  const line = (await server.info('commandstats')).cmdstat_ping;
  return line ? Number(/calls=(\d+)/.exec(line)![1]) : 0;
}

describe('keepalive-ping against a target that closes clients idle for 2 s (issue 6)', () => {
  let source: RedisServer;
  let rdbPath: string;
  const targets: RedisServer[] = [];

  async function target(config: Record<string, string> = { timeout: '2' }): Promise<RedisServer> {
    const server = await RedisServer.start({ config });
    targets.push(server);
    return server;
  }

  beforeAll(async () => {
    ({ source, rdbPath } = await sourceWithRdb(1));
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), ...targets.map((t) => t.stop())]);
  });

  it('keeps the connection through a 12 s stall of the reader: no reconnect, equal result', async () => {
    const server = await target();
    let before = 0;
    let after = 0;
    const { stats, connections } = await migrationRun({
      rdbPath,
      targetUrl: server.url,
      strategies: [new PingKeepalive()],
      stallMs: STALL_MS,
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
    expect(connections[0]!.lastPingRttMs).toBeGreaterThanOrEqual(0);
    const comparison = await compareDeployments(source, server);
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
  });

  it('without a strategy the target drops the connection, and the replay still gives an equal result', async () => {
    const server = await target();
    const { stats } = await migrationRun({
      rdbPath,
      targetUrl: server.url,
      strategies: [],
      stallMs: STALL_MS,
    });
    expect(stats.reconnects).toBeGreaterThanOrEqual(1);
    const comparison = await compareDeployments(source, server);
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
  });

  it('never puts a PING between MULTI and EXEC, even PINGing every 10 ms', async () => {
    const server = await target({});
    const monitor = await server.client().monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => seen.push(String(args[0]).toUpperCase()));

    const scope = container.createChildContainer();
    scope.register(TOKENS.Logger, { useValue: silentLogger });
    scope.register(TOKENS.KeepaliveStrategies, { useValue: [new PingKeepalive({ intervalMs: 10 })] });
    writerPlugin.register(scope, redisWriterConfigSchema.parse({ url: server.url }));
    const writer = scope.resolve(TOKENS.Writer);
    await writer.connect();
    const count = 3_000;
    try {
      for (let i = 0; i < count; i++) {
        const entry: TransactionEntry = {
          kind: 'transaction',
          db: 0,
          commands: [
            [Buffer.from('SET'), Buffer.from(`tx:${i}`), Buffer.from(String(i))],
            [Buffer.from('INCR'), Buffer.from('tx:count')],
          ],
        };
        const pending = writer.write(entry);
        if (pending) await pending;
        // let the keepalive timer run between bursts of every size, idle long enough to PING
        if (i % ((i % 7) + 3) === 0) await sleep(i % 3 === 0 ? 12 : 0);
      }
      await writer.flush(); // rejects if any EXEC failed
      expect(writer.connections()[0]!.pingsSent).toBeGreaterThan(10);
    } finally {
      await writer.close();
    }
    const client = server.client();
    expect(await client.get('tx:count')).toBe(String(count));
    expect(await client.dbsize()).toBe(count + 1);
    await sleep(200);
    monitor.disconnect();

    let inMulti = false;
    let execs = 0;
    let pings = 0;
    const pingsInsideMulti: number[] = [];
    seen.forEach((name, index) => {
      if (name === 'MULTI') inMulti = true;
      else if (name === 'EXEC') {
        inMulti = false;
        execs++;
      } else if (name === 'PING') {
        pings++;
        if (inMulti) pingsInsideMulti.push(index);
      }
    });
    expect(execs).toBe(count);
    expect(pings).toBeGreaterThan(10);
    expect(pingsInsideMulti).toEqual([]);
  });

  it('declares a connection dead when its PING misses the deadline; the writer reconnects and loses nothing', async () => {
    const server = await target({});
    const warnings: string[] = [];
    const warn = (_obj: object | string, msg?: string) => warnings.push(msg ?? '');
    const scope = container.createChildContainer();
    scope.register(TOKENS.Logger, { useValue: silentLogger });
    scope.register(TOKENS.KeepaliveStrategies, {
      useValue: [new PingKeepalive({ intervalMs: 200, deadlineMs: 600 }, { ...silentLogger, warn })],
    });
    writerPlugin.register(scope, redisWriterConfigSchema.parse({ url: server.url }));
    const writer = scope.resolve(TOKENS.Writer);
    await writer.connect();
    const set = (i: number) =>
      writer.write({
        kind: 'command',
        db: 0,
        argv: [Buffer.from('SET'), Buffer.from(`k:${i}`), Buffer.from(`${i}`)],
      });
    try {
      for (let i = 0; i < 100; i++) await set(i);
      await writer.flush();
      // the target answers nothing for 2 s: the next PING misses its 600 ms deadline
      const sleeping = server.client().call('DEBUG', 'SLEEP', '2');
      await sleep(300);
      for (let i = 100; i < 200; i++) await set(i);
      await sleeping;
      await writer.flush();
      expect(writer.stats().reconnects).toBeGreaterThanOrEqual(1);
      expect(warnings).toContain('no reply to a keepalive PING within 600 ms');
    } finally {
      await writer.close();
    }
    expect(await server.client().dbsize()).toBe(200);
  });

  it('sends at most a handful of PINGs while writes flow', async () => {
    const { source: big, rdbPath: bigRdb } = await sourceWithRdb(12);
    targets.push(big);
    const server = await target();
    const pingsBefore = await pingCalls(server);
    const { stats, connections } = await migrationRun({
      rdbPath: bigRdb,
      targetUrl: server.url,
      strategies: [new PingKeepalive()],
    });
    expect(stats.reconnects).toBe(0);
    expect(connections[0]!.pingsSent).toBeLessThanOrEqual(3);
    expect((await pingCalls(server)) - pingsBefore).toBe(connections[0]!.pingsSent);
    expect((await compareDeployments(big, server)).equal).toBe(true);
  });
});
