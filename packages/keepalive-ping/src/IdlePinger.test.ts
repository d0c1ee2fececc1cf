import { silentLogger } from '@redis-shuttle/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeConnection } from '@redis-shuttle/e2e-support';
import { IdlePinger } from './IdlePinger.js';
import { PingKeepalive } from './PingKeepalive.js';

describe('IdlePinger', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('takes its interval from the target timeout once it is known', async () => {
    const pinger = new IdlePinger(new FakeConnection(2), {}, silentLogger);
    expect(pinger.interval).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(pinger.interval).toBe(1_000);
    pinger.detach();
  });

  it('sends no PING while the connection writes more often than the interval', async () => {
    const connection = new FakeConnection(0);
    const pinger = new IdlePinger(connection, { intervalMs: 1_000 }, silentLogger);
    for (let i = 0; i < 50; i++) {
      await vi.advanceTimersByTimeAsync(900);
      connection.write();
    }
    expect(connection.pingCount).toBe(0);
    expect(pinger.stats()).toEqual({ pingsSent: 0 });
    pinger.detach();
  });

  it('PINGs once the connection has been idle for the interval, then again an interval later', async () => {
    const connection = new FakeConnection(0);
    const pinger = new IdlePinger(connection, { intervalMs: 1_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(999);
    expect(connection.pingCount).toBe(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(connection.pingCount).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(connection.pingCount).toBe(2);
    expect(pinger.stats()).toEqual({ pingsSent: 2, lastPingRttMs: 1 });
    pinger.detach();
  });

  it('keeps at most one PING outstanding, and fails the connection when the deadline passes', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new IdlePinger(connection, { intervalMs: 1_000, deadlineMs: 3_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_250);
    expect(connection.pingCount).toBe(1);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(connection.pingCount).toBe(1);
    expect(connection.failures).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(connection.failures).toHaveLength(1);
    expect(connection.failures[0]!.message).toMatch(/no reply to a keepalive PING within 3000 ms/);
    expect(connection.pingCount).toBe(1);
    pinger.detach();
  });

  it('restarts the deadline when the connection comes back (the PING is replayed on it)', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new IdlePinger(connection, { intervalMs: 1_000, deadlineMs: 3_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_250); // PING sent
    await vi.advanceTimersByTimeAsync(2_000);
    connection.reconnect();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(connection.failures).toHaveLength(0);
    connection.pings[0]!.resolve(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(pinger.stats()).toEqual({ pingsSent: 1, lastPingRttMs: 7 });
    pinger.detach();
  });

  it('does not count the time the connection is down against the deadline', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new IdlePinger(connection, { intervalMs: 1_000, deadlineMs: 3_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_250); // PING sent
    connection.connected = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connection.failures).toHaveLength(0);
    connection.reconnect();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(connection.failures).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(750);
    expect(connection.failures).toHaveLength(1);
    pinger.detach();
  });

  it('fails the connection when the PING is answered with an error', async () => {
    const connection = new FakeConnection(0);
    connection.autoReply = false;
    const pinger = new IdlePinger(connection, { intervalMs: 1_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(1_250);
    connection.pings[0]!.reject(new Error('LOADING'));
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.failures.map((e) => e.message)).toEqual(['keepalive PING failed: LOADING']);
    pinger.detach();
  });

  it('sends nothing while the connection is down', async () => {
    const connection = new FakeConnection(0);
    connection.connected = false;
    const pinger = new IdlePinger(connection, { intervalMs: 1_000 }, silentLogger);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(connection.pingCount).toBe(0);
    pinger.detach();
  });

  it('stops its timer on detach', async () => {
    const connection = new FakeConnection(0);
    const pinger = new IdlePinger(connection, { intervalMs: 1_000 }, silentLogger);
    expect(vi.getTimerCount()).toBe(1);
    pinger.detach();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connection.pingCount).toBe(0);
  });

  it('starts no timer when detached before the target timeout is known', async () => {
    const pinger = new IdlePinger(new FakeConnection(2), {}, silentLogger);
    pinger.detach();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('PingKeepalive', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says once, for all connections, that the target refused CONFIG', async () => {
    const info = vi.fn();
    const strategy = new PingKeepalive({}, { ...silentLogger, info });
    const handles = [0, 1, 2].map(() => strategy.attach(new FakeConnection(undefined)));
    await vi.advanceTimersByTimeAsync(0);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]![1]).toMatch(/refused CONFIG GET timeout/);
    expect((handles[0] as IdlePinger).interval).toBe(10_000);
    for (const handle of handles) handle.detach();
  });

  it('uses the configured interval whatever the target says', () => {
    const strategy = new PingKeepalive({ intervalMs: 250 });
    const handle = strategy.attach(new FakeConnection(2)) as IdlePinger;
    expect(handle.interval).toBe(250);
    handle.detach();
  });
});
