import type { Socket } from 'node:net';

/** What a writer exposes of one connection to keepalive strategies. */
export interface KeepaliveConnection {
  /** Stable id of the connection, e.g. `target:127.0.0.1:7001#0`. */
  readonly id: string;
  /** The underlying socket, while connected. */
  socket(): Socket | undefined;
  /** Milliseconds since the last byte was written on this connection. */
  idleMs(): number;
  /**
   * Sends a PING through the connection's own ordered command path (never inside a
   * MULTI/EXEC, accounted like any other command); resolves with the round trip in ms.
   */
  ping(): Promise<number>;
  /** Reports the connection as dead, so the writer reconnects and replays. */
  fail(reason: Error): void;
  /**
   * The server's idle `timeout` in seconds (`CONFIG GET timeout`; 0 = never), or undefined when
   * CONFIG is refused (managed services). Asked once per connection, outside the write log.
   */
  serverIdleTimeout(): Promise<number | undefined>;
  /** Called whenever the connection is (re)established, so a strategy can set socket options again. */
  onConnect(listener: () => void): void;
}

/** A handle returned by `attach`; `detach` stops all timers and listeners. */
export interface KeepaliveHandle {
  detach(): void;
  /** Pipeline heartbeat (reader idle); strategies without a timer act here. */
  tick?(): void;
  /** Figures for status: PINGs sent, last round trip. */
  stats(): { pingsSent: number; lastPingRttMs?: number };
}

/** A way to keep one connection alive while it has nothing to write. */
export interface KeepaliveStrategy {
  readonly name: string;
  attach(connection: KeepaliveConnection): KeepaliveHandle;
}
