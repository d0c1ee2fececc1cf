import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findRedisServer } from './findRedisServer.js';
import { freePort } from './freePort.js';
import { RedisProcess } from './RedisProcess.js';
import type { RedisServer } from './RedisServer.js';
import { tmpDir, waitFor } from './testUtils.js';

export interface RedisSentinelOptions {
  /** The master to monitor. */
  master: RedisServer;
  /** Master group name (default `mymaster`). */
  name?: string;
  /** down-after-milliseconds (default 1000) and failover-timeout (default 5000). */
  downAfterMs?: number;
  failoverTimeoutMs?: number;
}

/**
 * A real Sentinel (`redis-server sentinel.conf --sentinel`) on a free loopback port, monitoring
 * one master with quorum 1; always stopped like the servers. `failover()` asks it for a manual
 * failover and waits until it names a new master.
 */
export class RedisSentinel {
  private readonly clients = new Set<Redis>();

  private constructor(
    readonly host: string,
    readonly port: number,
    readonly name: string,
    private readonly dir: string,
    private readonly process: RedisProcess,
  ) {}

  static async start(options: RedisSentinelOptions): Promise<RedisSentinel> {
    const dir = tmpDir('redis-shuttle-sentinel-');
    const port = await freePort();
    const name = options.name ?? 'mymaster';
    const config = join(dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `logfile ${join(dir, 'sentinel.log')}`,
        `sentinel monitor ${name} ${options.master.host} ${options.master.port} 1`,
        `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1000}`,
        `sentinel failover-timeout ${name} ${options.failoverTimeoutMs ?? 5000}`,
        ...(options.master.password ? [`sentinel auth-pass ${name} ${options.master.password}`] : []),
        '',
      ].join('\n'),
    );
    const process = await RedisProcess.spawn(findRedisServer(), [config, '--sentinel'], dir);
    const sentinel = new RedisSentinel('127.0.0.1', port, name, dir, process);
    await waitFor(
      async () => {
        const reply = await sentinel
          .client()
          .call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)
          .catch(() => null);
        return Array.isArray(reply) && reply.length === 2 ? reply : undefined;
      },
      { timeoutMs: 10_000, message: `Sentinel on port ${port} did not start monitoring ${name}` },
    );
    return sentinel;
  }

  /** `redis-sentinel://host:port/name` (with the master's password when given). */
  url(password?: string): string {
    return `redis-sentinel://${password ? `:${encodeURIComponent(password)}@` : ''}${this.host}:${this.port}/${this.name}`;
  }

  client(): Redis {
    const client = new Redis({
      host: this.host,
      port: this.port,
      lazyConnect: false,
      maxRetriesPerRequest: 1,
    });
    client.on('error', () => {});
    this.clients.add(client);
    return client;
  }

  /** The master's address as this Sentinel knows it. */
  async masterAddress(): Promise<{ host: string; port: number }> {
    const [host, port] = (await this.client().call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name)) as [
      string,
      string,
    ];
    return { host, port: Number(port) };
  }

  /** SENTINEL FAILOVER, then waits until the Sentinel names another master. */
  async failover(timeoutMs = 20_000): Promise<{ host: string; port: number }> {
    const before = await this.masterAddress();
    await waitFor(
      async () =>
        (await this.client()
          .call('SENTINEL', 'FAILOVER', this.name)
          .then(() => true)
          .catch(() => false)) || undefined,
      { timeoutMs, message: 'Sentinel refused the failover (no replica known yet?)' },
    );
    return waitFor(
      async () => {
        const now = await this.masterAddress();
        return now.port !== before.port || now.host !== before.host ? now : undefined;
      },
      { timeoutMs, message: 'the failover did not complete' },
    );
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await this.process.stop(() => {
      const c = new Redis({ host: this.host, port: this.port, lazyConnect: true });
      c.on('error', () => {});
      c.call('SHUTDOWN', 'NOSAVE')
        .catch(() => undefined)
        .finally(() => c.disconnect());
    }, 2000);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
