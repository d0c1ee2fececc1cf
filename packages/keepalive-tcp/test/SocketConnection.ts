import type { Socket } from 'node:net';
import type { KeepaliveConnection } from '@redis-shuttle/core';

/** A KeepaliveConnection over a socket the test swaps to simulate reconnects (our interface, not Redis). */
export class SocketConnection implements KeepaliveConnection {
  readonly id = 'socket#0';
  pingCount = 0;
  private readonly listeners: Array<() => void> = [];

  constructor(private current: Socket | undefined) {}

  socket(): Socket | undefined {
    return this.current;
  }

  idleMs(): number {
    return 0;
  }

  async ping(): Promise<number> {
    this.pingCount++;
    return 0;
  }

  fail(): void {}

  async serverIdleTimeout(): Promise<number | undefined> {
    return 0;
  }

  onConnect(listener: () => void): void {
    this.listeners.push(listener);
    if (this.current) listener();
  }

  /** The writer reconnected on a new socket. */
  reconnect(socket: Socket): void {
    this.current = socket;
    for (const listener of this.listeners) listener();
  }
}
