import {
  container,
  type KeepaliveStrategy,
  type KeyEntry,
  silentLogger,
  TOKENS,
  type Writer,
} from '@redis-shuttle/core';
import { PingKeepalive } from '@redis-shuttle/keepalive-ping';
import writerPlugin, { redisWriterConfigSchema } from '@redis-shuttle/writer-redis';
import { describe, expect, it } from 'vitest';
import { TcpKeepalive } from '../src/index.js';
import { NetnsTarget, netnsUnavailable } from './netnsTarget.js';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`vanished-peer tests skipped: ${unavailable}`);

function writerFor(url: string, strategies: KeepaliveStrategy[]): Writer {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: silentLogger });
  scope.register(TOKENS.KeepaliveStrategies, { useValue: strategies });
  writerPlugin.register(scope, redisWriterConfigSchema.parse({ url, connectTimeoutMs: 1000 }));
  return scope.resolve(TOKENS.Writer);
}

const set = (i: number): Entry => ({
  kind: 'command',
  db: 0,
  argv: ['SET', `k${i}`, 'v'].map((a) => Buffer.from(a)),
});

/** Writes a little, lets the connection go idle, cuts the link, and measures how long until the writer notices. */
async function detectionMs(strategies: KeepaliveStrategy[], giveUpMs: number): Promise<number | undefined> {
  const target = await NetnsTarget.start();
  const writer = writerFor(target.url, strategies);
  try {
    await writer.connect();
    for (let i = 0; i < 10; i++) await writer.write(set(i));
    await writer.flush();
    target.cut();
    const cutAt = Date.now();
    while (Date.now() - cutAt < giveUpMs) {
      const state = writer.connections()[0]?.state;
      if (state === 'reconnecting' || state === 'failed') return Date.now() - cutAt;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  } finally {
    await writer.close();
    await target.stop();
  }
}

describe.skipIf(unavailable)('a vanished peer (the link to the target cut mid-stall)', () => {
  it('tcp (idle 1 s, interval 1 s, count 3) detects the dead connection within 8 s and reconnects', async () => {
    const ms = await detectionMs([new TcpKeepalive({ idleMs: 1000, intervalMs: 1000, count: 3 })], 12_000);
    expect(ms).toBeDefined();
    expect(ms!).toBeLessThan(8000);
  });

  it('without tcp, ping detects it no later than its deadline (interval 1 s + deadline 2 s)', async () => {
    const ms = await detectionMs([new PingKeepalive({ intervalMs: 1000, deadlineMs: 2000 })], 10_000);
    expect(ms).toBeDefined();
    expect(ms!).toBeLessThan(1000 + 2000 + 1500);
  });

  it('with no strategy, the half-open connection goes unnoticed (what the strategies are for)', async () => {
    expect(await detectionMs([], 6000)).toBeUndefined();
  });
});
