import {
  ConnectionPinger,
  type ConnectionPingerOptions,
  type KeepaliveConnection,
  type KeepaliveHandle,
  keepaliveIntervalUtils as intervalUtils,
  type Logger,
} from '@redis-shuttle/core';

export type IdlePingerOptions = Omit<ConnectionPingerOptions, 'onInterval'>;

/**
 * Keeps one connection alive with a timer of its own: a single unref'd timer runs core's PING
 * rule (ConnectionPinger) a few times per interval, so a PING goes out once nothing has been
 * written for the interval. While writes flow the timer only compares two numbers.
 */
export class IdlePinger implements KeepaliveHandle {
  private readonly pinger: ConnectionPinger;
  private timer: NodeJS.Timeout | undefined;

  constructor(connection: KeepaliveConnection, options: IdlePingerOptions, logger: Logger) {
    this.pinger = new ConnectionPinger(
      connection,
      { ...options, onInterval: (intervalMs) => this.startTimer(intervalMs) },
      logger,
      'keepalive ping',
    );
  }

  /** The interval in use, once known. */
  get interval(): number | undefined {
    return this.pinger.interval;
  }

  stats(): { pingsSent: number; lastPingRttMs?: number } {
    return this.pinger.stats();
  }

  detach(): void {
    this.pinger.detach();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private startTimer(intervalMs: number): void {
    this.timer = setInterval(() => this.pinger.check(), intervalUtils.checkPeriodFor(intervalMs));
    this.timer.unref();
  }
}
