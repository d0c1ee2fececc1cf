import type { Socket } from 'node:net';
import type { KeepaliveConnection } from '@redis-shuttle/core';

interface PendingPing {
  sentAt: number;
  resolve: (rttMs: number) => void;
  reject: (error: Error) => void;
}

/** A KeepaliveConnection driven by the test (our own interface, not Redis). Works with fake timers. */
export class FakeConnection implements KeepaliveConnection {
  readonly id = 'fake#0';
  lastWriteAt = Date.now();
  connected = true;
  readonly pings: PendingPing[] = [];
  readonly failures: Error[] = [];
  /** PINGs dispatched so far. */
  pingCount = 0;
  /** Answer PINGs at once (or leave them pending for the test to settle). */
  autoReply = true;
  private readonly listeners: Array<() => void> = [];

  /** `timeout`: what `serverIdleTimeout()` answers (an Error: it throws). */
  constructor(private readonly timeout: number | undefined | Error) {}

  /** A write was dispatched now. */
  write(): void {
    this.lastWriteAt = Date.now();
  }

  socket(): Socket | undefined {
    return this.connected ? ({} as Socket) : undefined;
  }

  idleMs(): number {
    return Date.now() - this.lastWriteAt;
  }

  ping(): Promise<number> {
    this.pingCount++;
    this.write();
    return new Promise((resolve, reject) => {
      const ping = { sentAt: Date.now(), resolve, reject };
      if (this.autoReply) resolve(1);
      else this.pings.push(ping);
    });
  }

  fail(reason: Error): void {
    this.failures.push(reason);
  }

  async serverIdleTimeout(): Promise<number | undefined> {
    if (this.timeout instanceof Error) throw this.timeout;
    return this.timeout;
  }

  onConnect(listener: () => void): void {
    this.listeners.push(listener);
    if (this.connected) listener();
  }

  /** The writer reconnected. */
  reconnect(): void {
    this.connected = true;
    for (const listener of this.listeners) listener();
  }
}
