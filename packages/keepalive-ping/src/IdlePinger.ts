import type { KeepaliveConnection, KeepaliveHandle, Logger } from '@redis-shuttle/core';
import { keepaliveIntervalUtils as intervalUtils } from '@redis-shuttle/core';

export interface IdlePingerOptions {
  /** Fixed interval; when absent it is derived from the target's `timeout`. */
  intervalMs?: number;
  /** Fixed deadline; when absent, max(5 s, 2 × interval). */
  deadlineMs?: number;
  /** Called when the target refused `CONFIG GET timeout` and the 10 s guess is used. */
  onUnknownTimeout?: () => void;
}

/**
 * Keeps one connection alive: a single unref'd timer looks at the connection's idle time a few
 * times per interval and sends a PING (through the connection's ordered write path) once nothing
 * has been written for the interval. At most one PING is outstanding; a PING that fails, or is not
 * answered within the deadline, marks the connection dead so the writer reconnects and replays.
 * While writes flow the timer only compares two numbers.
 */
export class IdlePinger implements KeepaliveHandle {
  private intervalMs: number | undefined;
  private deadlineMs = intervalUtils.MIN_DEADLINE_MS;
  private timer: NodeJS.Timeout | undefined;
  private detached = false;
  /** When the outstanding PING was (re)sent, or undefined when none is outstanding. */
  private pingSentAt: number | undefined;
  private pingsSent = 0;
  private lastPingRttMs: number | undefined;

  constructor(
    private readonly connection: KeepaliveConnection,
    private readonly options: IdlePingerOptions,
    private readonly logger: Logger,
  ) {
    connection.onConnect(() => this.connected());
    if (options.intervalMs !== undefined) this.start(options.intervalMs);
    else void this.startFromServerTimeout();
  }

  /** The interval in use, once known. */
  get interval(): number | undefined {
    return this.intervalMs;
  }

  stats(): { pingsSent: number; lastPingRttMs?: number } {
    return this.lastPingRttMs === undefined
      ? { pingsSent: this.pingsSent }
      : { pingsSent: this.pingsSent, lastPingRttMs: this.lastPingRttMs };
  }

  detach(): void {
    this.detached = true;
    clearInterval(this.timer);
    this.timer = undefined;
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
    this.start(intervalUtils.intervalForTimeout(timeout));
  }

  private start(intervalMs: number): void {
    if (this.detached) return;
    this.intervalMs = intervalMs;
    this.deadlineMs = this.options.deadlineMs ?? intervalUtils.deadlineFor(intervalMs);
    this.logger.debug(
      { connection: this.connection.id, intervalMs, deadlineMs: this.deadlineMs },
      'keepalive ping: watching connection',
    );
    this.timer = setInterval(() => this.check(), intervalUtils.checkPeriodFor(intervalMs));
    this.timer.unref();
  }

  /** A new connection: an outstanding PING is replayed on it, so its deadline starts again. */
  private connected(): void {
    if (this.pingSentAt !== undefined) this.pingSentAt = Date.now();
  }

  private check(): void {
    if (this.detached) return;
    const connected = isConnected(this.connection);
    if (this.pingSentAt !== undefined) {
      // while the connection is down its deadline waits: the PING is replayed when it is back
      if (!connected) this.pingSentAt = Date.now();
      else if (Date.now() - this.pingSentAt >= this.deadlineMs) this.deadlineMissed();
      return;
    }
    if (this.connection.idleMs() < this.intervalMs!) return;
    if (!connected) return; // reconnecting: nothing to keep alive yet
    this.ping();
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
