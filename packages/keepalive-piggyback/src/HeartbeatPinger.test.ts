import { silentLogger } from '@redis-shuttle/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeConnection } from '@redis-shuttle/e2e-support';
import { HeartbeatPinger } from './HeartbeatPinger.js';
import { PiggybackKeepalive } from './PiggybackKeepalive.js';

describe('HeartbeatPinger', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('takes its interval from the target timeout once it is known', async () => {
    const pinger = new HeartbeatPinger(new FakeConnection(2), {}, silentLogger);
    expect(pinger.interval).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(pinger.interval).toBe(1_000);
  });

  it('starts no timer of its own', async () => {
    const pinger = new HeartbeatPinger(new FakeConnection(0), {}, silentLogger);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    pinger.detach();
  });

  it('turns a tick into a PING only on a connection idle for the interval', async () => {
    const connection = new FakeConnection(0);
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(999);
    pinger.tick();
    expect(connection.pingCount).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    pinger.tick();
    expect(connection.pingCount).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    pinger.tick(); // the PING itself was a write: not idle now
    expect(connection.pingCount).toBe(1);
    expect(pinger.stats()).toEqual({ pingsSent: 1, lastPingRttMs: 1 });
  });

  it('sends nothing without ticks, however idle the connection', async () => {
    const connection = new FakeConnection(0);
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connection.pingCount).toBe(0);
    expect(pinger.stats()).toEqual({ pingsSent: 0 });
  });

  it('sends nothing on ticks while writes flow', async () => {
    const connection = new FakeConnection(0);
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000 }, silentLogger);
    for (let i = 0; i < 100; i++) {
      await vi.advanceTimersByTimeAsync(500);
      connection.write();
      pinger.tick();
    }
    expect(connection.pingCount).toBe(0);
  });

  it('keeps one PING outstanding, and fails the connection at the first tick past the deadline', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000, deadlineMs: 3_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_000);
    pinger.tick();
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(500);
      pinger.tick();
    }
    expect(connection.pingCount).toBe(1);
    expect(connection.failures).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500);
    pinger.tick();
    expect(connection.failures.map((e) => e.message)).toEqual([
      'no reply to a keepalive PING within 3000 ms',
    ]);
    expect(connection.pingCount).toBe(1);
  });

  it('restarts the deadline when the connection comes back (the PING is replayed on it)', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000, deadlineMs: 3_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_000);
    pinger.tick();
    await vi.advanceTimersByTimeAsync(2_500);
    connection.reconnect();
    await vi.advanceTimersByTimeAsync(2_500);
    pinger.tick();
    expect(connection.failures).toHaveLength(0);
  });

  it('does not count the time the connection is down against the deadline', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000, deadlineMs: 3_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_000);
    pinger.tick(); // PING sent
    connection.connected = false;
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(500);
      pinger.tick();
    }
    expect(connection.failures).toHaveLength(0);
    connection.reconnect();
    await vi.advanceTimersByTimeAsync(3_000);
    pinger.tick();
    expect(connection.failures).toHaveLength(1);
  });

  it('fails the connection when the PING is answered with an error', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_000);
    pinger.tick();
    connection.pings[0]!.reject(new Error('LOADING'));
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.failures.map((e) => e.message)).toEqual(['keepalive PING failed: LOADING']);
  });

  it('sends nothing while the connection is down, nor after detach', async () => {
    const connection = new FakeConnection(0);
    connection.connected = false;
    const pinger = new HeartbeatPinger(connection, { intervalMs: 1_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(5_000);
    pinger.tick();
    expect(connection.pingCount).toBe(0);
    connection.reconnect();
    pinger.detach();
    pinger.tick();
    expect(connection.pingCount).toBe(0);
  });
});

describe('PiggybackKeepalive', () => {
  it('says once, for all connections, that the target refused CONFIG', async () => {
    const info = vi.fn();
    const strategy = new PiggybackKeepalive({}, { ...silentLogger, info });
    const handles = [0, 1, 2].map(() =>
      strategy.attach(new FakeConnection(new Error('ERR unknown command'))),
    );
    await new Promise((r) => setImmediate(r));
    expect(info).toHaveBeenCalledTimes(1);
    expect((handles[0] as HeartbeatPinger).interval).toBe(10_000);
  });
});
