import { getKeepAliveInterval, getKeepAliveProbes, getUserTimeout } from 'net-keepalive';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SocketConnection } from '../test/SocketConnection.js';
import { loopbackSocket } from '../test/socketPair.js';
import { TcpKeepalive } from './TcpKeepalive.js';
import { tcpKeepaliveConfigSchema } from './TcpKeepaliveConfig.js';
import * as tcpKeepaliveUtils from './tcpKeepaliveUtils.js';

const closers: Array<() => Promise<void>> = [];
async function socket() {
  const pair = await loopbackSocket();
  closers.push(pair.close);
  return pair.socket;
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('TcpKeepalive config', () => {
  it('defaults: 30 s idle, 10 s between probes, 3 probes, user timeout = idle + interval × count', () => {
    expect(new TcpKeepalive().settings).toEqual({
      idleMs: 30_000,
      intervalMs: 10_000,
      count: 3,
      userTimeoutMs: 60_000,
    });
    expect(new TcpKeepalive({ idleMs: 1_000, intervalMs: 1_000, count: 3 }).settings.userTimeoutMs).toBe(
      4_000,
    );
    expect(new TcpKeepalive({ userTimeoutMs: 0 }).settings.userTimeoutMs).toBe(0);
  });

  it('refuses unknown keys and values the kernel cannot take', () => {
    expect(tcpKeepaliveConfigSchema.safeParse({ idle: 5 }).success).toBe(false);
    expect(tcpKeepaliveConfigSchema.safeParse({ idleMs: 500 }).success).toBe(false);
    expect(tcpKeepaliveConfigSchema.safeParse({ count: 0 }).success).toBe(false);
  });
});

describe('TcpKeepalive on a socket', () => {
  it('sets SO_KEEPALIVE, TCP_KEEPINTVL, TCP_KEEPCNT and TCP_USER_TIMEOUT', async () => {
    const s = await socket();
    const strategy = new TcpKeepalive({ idleMs: 2_000, intervalMs: 3_000, count: 4 });
    const handle = strategy.attach(new SocketConnection(s));
    expect(getKeepAliveInterval(s)).toBe(3_000);
    expect(getKeepAliveProbes(s)).toBe(4);
    expect(getUserTimeout(s)).toBe(14_000);
    expect(handle.stats()).toEqual({ pingsSent: 0 });
    handle.detach();
  });

  it('sets them again on every reconnect, and no more after detach', async () => {
    const [first, second, third] = [await socket(), await socket(), await socket()];
    const connection = new SocketConnection(first);
    const handle = new TcpKeepalive({ intervalMs: 2_000, count: 5 }).attach(connection);
    connection.reconnect(second);
    expect(getKeepAliveInterval(second)).toBe(2_000);
    expect(getKeepAliveProbes(second)).toBe(5);
    handle.detach();
    const before = getKeepAliveProbes(third);
    connection.reconnect(third);
    expect(getKeepAliveProbes(third)).toBe(before);
  });

  it('waits for a socket when attached while disconnected', async () => {
    const connection = new SocketConnection(undefined);
    const handle = new TcpKeepalive({ count: 6 }).attach(connection);
    const s = await socket();
    connection.reconnect(s);
    expect(getKeepAliveProbes(s)).toBe(6);
    handle.detach();
  });

  it('never PINGs and starts no timer', async () => {
    vi.useFakeTimers();
    try {
      const connection = new SocketConnection(undefined);
      const handle = new TcpKeepalive().attach(connection);
      expect(vi.getTimerCount()).toBe(0);
      handle.tick?.();
      expect(connection.pingCount).toBe(0);
      handle.detach();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps SO_KEEPALIVE and says once what it could not set when net-keepalive is missing', async () => {
    const s = await socket();
    const setKeepAlive = vi.spyOn(s, 'setKeepAlive');
    const problems = tcpKeepaliveUtils.applyTcpKeepalive(
      s,
      tcpKeepaliveUtils.settingsFor(tcpKeepaliveConfigSchema.parse({})),
      new Error('no prebuilt binary'),
    );
    expect(setKeepAlive).toHaveBeenCalledWith(true, 30_000);
    expect(problems).toEqual(['net-keepalive is not available (no prebuilt binary)']);
  });

  it('warns once, for all connections, when an option cannot be set', () => {
    const warn = vi.fn();
    const debug = vi.fn();
    const strategy = new TcpKeepalive({}, { info() {}, error() {}, warn, debug });
    const broken = {
      setKeepAlive: () => {
        throw new Error('socket closed');
      },
    } as unknown as import('node:net').Socket;
    for (let i = 0; i < 3; i++) strategy.attach(new SocketConnection(broken));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![1]).toMatch(/socket closed/);
  });
});

describe('tcpOnlyWarning', () => {
  it('warns only when the target has an idle timeout', () => {
    expect(tcpKeepaliveUtils.tcpOnlyWarning(0)).toBeUndefined();
    expect(tcpKeepaliveUtils.tcpOnlyWarning(undefined)).toBeUndefined();
    expect(tcpKeepaliveUtils.tcpOnlyWarning(300)).toMatch(/idle for 300 s .* "ping" or "piggyback"/);
  });
});
