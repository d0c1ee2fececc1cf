import type { KeepaliveConnection } from '../contracts/KeepaliveStrategy.js';
import type { Logger } from '../contracts/Logger.js';
import { deadlineFor, intervalForTimeout, MIN_DEADLINE_MS } from './keepaliveIntervalUtils.js';

export interface ConnectionPingerOptions {
  /** Fixed interval; when absent it is derived from the target's `timeout`. */
  intervalMs?: number;
  /** Fixed deadline; when absent, max(5 s, 2 × interval). */
  deadlineMs?: number;
  /** Called when the target refused `CONFIG GET timeout` and the 10 s guess is used. */
  onUnknownTimeout?: () => void;
  /** Called once the interval is known (at once when it is fixed). */
  onInterval?: (intervalMs: number) => void;
}

/**
 * The PING rule shared by the PING-based keepalive strategies; they differ only in what calls
 * check() (a timer of its own in keepalive-ping, the pipeline's heartbeat in keepalive-piggyback).
 *
 * check() sends a PING, through the connection's ordered write path, once nothing has been
 * written for the interval. At most one PING is outstanding; a PING that fails, or is still
 * unanswered at a check past the deadline, marks the connection dead so the writer reconnects and
 * replays (the PING with it: its deadline starts again on the new connection).
 */
export class ConnectionPinger {
  private intervalMs: number | undefined;
  private deadlineMs = MIN_DEADLINE_MS;
  private detached = false;
  /** When the outstanding PING was (re)sent, or undefined when none is outstanding. */
  private pingSentAt: number | undefined;
  private pingsSent = 0;
  private lastPingRttMs: number | undefined;

  constructor(
    private readonly connection: KeepaliveConnection,
    private readonly options: ConnectionPingerOptions,
    private readonly logger: Logger,
    /** Names the strategy in the log. */
    private readonly label: string,
  ) {
    connection.onConnect(() => this.connected());
    if (options.intervalMs !== undefined) this.start(options.intervalMs);
    else void this.startFromServerTimeout();
  }

  /** The interval in use, once known. */
  get interval(): number | undefined {
    return this.intervalMs;
  }

  get isDetached(): boolean {
    return this.detached;
  }

  /** Sends a PING if the connection has been idle for the interval; enforces the outstanding one's deadline. */
  check(): void {
    if (this.detached || this.intervalMs === undefined) return;
    const connected = isConnected(this.connection);
    if (this.pingSentAt !== undefined) {
      // while the connection is down its deadline waits: the PING is replayed when it is back
      if (!connected) this.pingSentAt = Date.now();
      else if (Date.now() - this.pingSentAt >= this.deadlineMs) this.deadlineMissed();
      return;
    }
    if (this.connection.idleMs() < this.intervalMs) return;
    if (!connected) return; // reconnecting: nothing to keep alive yet
    this.ping();
  }

  stats(): { pingsSent: number; lastPingRttMs?: number } {
    return this.lastPingRttMs === undefined
      ? { pingsSent: this.pingsSent }
      : { pingsSent: this.pingsSent, lastPingRttMs: this.lastPingRttMs };
  }

  detach(): void {
    this.detached = true;
  }

  private async startFromServerTimeout(): Promise<void> {
    let timeout: number | undefined;
    try {
      timeout = await this.connection.serverIdleTimeout();
    } catch {
      timeout = undefined;
    }
    if (this.detached) return;
    if (timeout === undefined) this.options.onUnknownTimeout?.();
    this.start(intervalForTimeout(timeout));
  }

  private start(intervalMs: number): void {
    if (this.detached) return;
    this.intervalMs = intervalMs;
    this.deadlineMs = this.options.deadlineMs ?? deadlineFor(intervalMs);
    this.logger.debug(
      { connection: this.connection.id, intervalMs, deadlineMs: this.deadlineMs },
      `${this.label}: watching connection`,
    );
    this.options.onInterval?.(intervalMs);
  }

  /** A new connection: an outstanding PING is replayed on it, so its deadline starts again. */
  private connected(): void {
    if (this.pingSentAt !== undefined) this.pingSentAt = Date.now();
  }

  private ping(): void {
    this.pingSentAt = Date.now();
    this.pingsSent++;
    this.connection.ping().then(
      (rttMs) => {
        if (this.detached) return;
        this.pingSentAt = undefined;
        this.lastPingRttMs = rttMs;
      },
      (error: unknown) => {
        if (this.detached) return;
        this.pingSentAt = undefined;
        const reason = error instanceof Error ? error : new Error(String(error));
        this.logger.warn(
          { connection: this.connection.id, error: reason.message },
          'keepalive PING failed, reconnecting',
        );
        this.connection.fail(new Error(`keepalive PING failed: ${reason.message}`, { cause: reason }));
      },
    );
  }

  private deadlineMissed(): void {
    const message = `no reply to a keepalive PING within ${this.deadlineMs} ms`;
    this.logger.warn({ connection: this.connection.id, deadlineMs: this.deadlineMs }, message);
    // The PING stays outstanding: the writer replays it on the new connection, where its
    // deadline starts again.
    this.pingSentAt = Date.now();
    this.connection.fail(new Error(message));
  }
}

/** Whether the connection has a live socket (not reconnecting, not being torn down). */
function isConnected(connection: KeepaliveConnection): boolean {
  const socket = connection.socket();
  return socket !== undefined && !socket.destroyed;
}
