import {
  type KeepaliveConnection,
  type KeepaliveHandle,
  type KeepaliveStrategy,
  type Logger,
  silentLogger,
} from '@redis-shuttle/core';
import { IdlePinger } from './IdlePinger.js';
import { keepaliveIntervalUtils as intervalUtils } from '@redis-shuttle/core';
import type { PingKeepaliveConfig } from './PingKeepaliveConfig.js';

/**
 * Sends PING on a connection that has written nothing for the interval (one unref'd timer per
 * connection). Defends against the target's own idle `timeout`, NAT and load-balancer idle drops,
 * and notices a dead peer through the PING deadline.
 */
export class PingKeepalive implements KeepaliveStrategy {
  readonly name = 'ping';
  private unknownTimeoutSaid = false;

  constructor(
    private readonly config: PingKeepaliveConfig = {},
    private readonly logger: Logger = silentLogger,
  ) {}

  attach(connection: KeepaliveConnection): KeepaliveHandle {
    return new IdlePinger(
      connection,
      {
        ...(this.config.intervalMs !== undefined ? { intervalMs: this.config.intervalMs } : {}),
        ...(this.config.deadlineMs !== undefined ? { deadlineMs: this.config.deadlineMs } : {}),
        onUnknownTimeout: () => this.sayUnknownTimeout(),
      },
      this.logger,
    );
  }

  /** Said once per run, however many connections there are. */
  private sayUnknownTimeout(): void {
    if (this.unknownTimeoutSaid) return;
    this.unknownTimeoutSaid = true;
    this.logger.info(
      { intervalMs: intervalUtils.UNKNOWN_TIMEOUT_INTERVAL_MS },
      'keepalive ping: the target refused CONFIG GET timeout, so idle connections are PINGed every 10 s (set intervalMs to choose)',
    );
  }
}
