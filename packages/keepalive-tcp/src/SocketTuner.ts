import type { KeepaliveConnection, KeepaliveHandle } from '@redis-shuttle/core';
import * as tcpKeepaliveUtils from './tcpKeepaliveUtils.js';

/**
 * The handle for one connection: sets the TCP keepalive options on its socket every time the
 * connection is (re)established. No timer; the kernel sends the probes.
 */
export class SocketTuner implements KeepaliveHandle {
  private detached = false;
  /** Sockets tuned so far (one per connection and reconnection). */
  tuned = 0;

  constructor(
    private readonly connection: KeepaliveConnection,
    private readonly settings: tcpKeepaliveUtils.TcpKeepaliveSettings,
    private readonly report: (connectionId: string, problems: string[]) => void,
  ) {
    connection.onConnect(() => this.tune());
  }

  stats(): { pingsSent: number } {
    return { pingsSent: 0 };
  }

  detach(): void {
    this.detached = true;
  }

  private tune(): void {
    if (this.detached) return;
    const socket = this.connection.socket();
    if (!socket) return;
    let problems: string[];
    try {
      problems = tcpKeepaliveUtils.applyTcpKeepalive(socket, this.settings);
    } catch (error) {
      problems = [error instanceof Error ? error.message : String(error)];
    }
    this.tuned++;
    if (problems.length > 0) this.report(this.connection.id, problems);
  }
}
