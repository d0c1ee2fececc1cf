import type { KeepaliveConnection } from '@redis-shuttle/core';
import type { TargetLink } from './TargetLink.js';

/**
 * What a keepalive strategy sees of a TargetLink. The PING goes into the link's ordered log like
 * any write (so never inside a MULTI…EXEC unit and accounted like every reply); a PING lost to a
 * dead connection is replayed like any write.
 */
export class LinkKeepalive implements KeepaliveConnection {
  constructor(private readonly link: TargetLink) {}

  get id(): string {
    return this.link.id;
  }

  socket() {
    return this.link.socket();
  }

  idleMs(): number {
    return Date.now() - this.link.lastWriteAt;
  }

  ping(): Promise<number> {
    const started = Date.now();
    return new Promise((resolve) => {
      this.link.send({
        args: ['PING'],
        db: -1,
        bytes: 14,
        acked: false,
        sends: 0,
        onReply: () => resolve(Date.now() - started),
      });
    });
  }

  fail(reason: Error): void {
    this.link.fail(reason);
  }

  async serverIdleTimeout(): Promise<number | undefined> {
    try {
      const reply = (await this.link.redis?.config('GET', 'timeout')) as string[] | undefined;
      return reply?.[1] === undefined ? undefined : Number(reply[1]);
    } catch {
      return undefined;
    }
  }

  onConnect(listener: () => void): void {
    this.link.connectListeners.push(listener);
    if (this.link.state === 'connected') listener();
  }
}
