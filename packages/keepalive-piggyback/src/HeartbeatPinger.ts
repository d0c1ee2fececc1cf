import {
  ConnectionPinger,
  type ConnectionPingerOptions,
  type KeepaliveConnection,
  type KeepaliveHandle,
  type Logger,
} from '@redis-shuttle/core';

export type HeartbeatPingerOptions = Omit<ConnectionPingerOptions, 'onInterval'>;

/**
 * Keeps one connection alive without a timer of its own: each pipeline heartbeat (`tick`, which
 * comes only while the reader produces nothing) runs core's PING rule (ConnectionPinger), so a
 * PING goes out only on a connection that has written nothing for the interval.
 */
export class HeartbeatPinger implements KeepaliveHandle {
  private readonly pinger: ConnectionPinger;

  constructor(connection: KeepaliveConnection, options: HeartbeatPingerOptions, logger: Logger) {
    this.pinger = new ConnectionPinger(connection, options, logger, 'keepalive piggyback');
  }

  /** The interval in use, once known. */
  get interval(): number | undefined {
    return this.pinger.interval;
  }

  tick(): void {
    this.pinger.check();
  }

  stats(): { pingsSent: number; lastPingRttMs?: number } {
    return this.pinger.stats();
  }

  detach(): void {
    this.pinger.detach();
  }
}
