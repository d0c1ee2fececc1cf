import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { TcpKeepaliveConfig } from './TcpKeepaliveConfig.js';

/** The socket options the strategy sets, all in milliseconds (the kernel keeps seconds for the first two). */
export interface TcpKeepaliveSettings {
  idleMs: number;
  intervalMs: number;
  count: number;
  /** 0: leave TCP_USER_TIMEOUT alone. */
  userTimeoutMs: number;
}

type NetKeepalive = typeof import('net-keepalive');

let netKeepalive: NetKeepalive | Error | undefined;

/**
 * `net-keepalive` sets TCP_KEEPINTVL, TCP_KEEPCNT and TCP_USER_TIMEOUT through a native FFI module.
 * It is loaded on first use and may be missing on a platform without a prebuilt binary: the
 * strategy then keeps what Node sets by itself (SO_KEEPALIVE and TCP_KEEPIDLE) and says so.
 */
export function loadNetKeepalive(): NetKeepalive | Error {
  if (netKeepalive === undefined) {
    try {
      netKeepalive = createRequire(import.meta.url)('net-keepalive') as NetKeepalive;
    } catch (error) {
      netKeepalive = error instanceof Error ? error : new Error(String(error));
    }
  }
  return netKeepalive;
}

/** The settings for a config: TCP_USER_TIMEOUT defaults to the time the probes take to give up. */
export function settingsFor(config: TcpKeepaliveConfig): TcpKeepaliveSettings {
  return {
    idleMs: config.idleMs,
    intervalMs: config.intervalMs,
    count: config.count,
    userTimeoutMs: config.userTimeoutMs ?? config.idleMs + config.intervalMs * config.count,
  };
}

/**
 * Sets SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT and TCP_USER_TIMEOUT on a connected
 * socket. Returns what could not be set (empty when everything was).
 */
export function applyTcpKeepalive(
  socket: Socket,
  settings: TcpKeepaliveSettings,
  lib: NetKeepalive | Error = loadNetKeepalive(),
): string[] {
  // Node's own call first: libuv also resets the probe interval and count, which we set next.
  socket.setKeepAlive(true, settings.idleMs);
  if (lib instanceof Error) return [`net-keepalive is not available (${lib.message})`];
  const problems: string[] = [];
  const set = (option: string, apply: () => unknown) => {
    try {
      apply();
    } catch (error) {
      problems.push(`${option}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  set('TCP_KEEPINTVL', () => lib.setKeepAliveInterval(socket, settings.intervalMs));
  set('TCP_KEEPCNT', () => lib.setKeepAliveProbes(socket, settings.count));
  if (settings.userTimeoutMs > 0)
    set('TCP_USER_TIMEOUT', () => lib.setUserTimeout(socket, settings.userTimeoutMs));
  return problems;
}

/**
 * What the CLI says when TCP keepalive is the only strategy and the target closes idle clients
 * (`timeout` > 0): kernel probes carry no data, so Redis still sees an idle client.
 */
export function tcpOnlyWarning(serverTimeoutSeconds: number | undefined): string | undefined {
  if (!serverTimeoutSeconds || serverTimeoutSeconds <= 0) return undefined;
  return `the target closes clients idle for ${serverTimeoutSeconds} s (its timeout) and TCP keepalive probes carry no data, so they do not reset it: add the "ping" or "piggyback" keepalive strategy`;
}
