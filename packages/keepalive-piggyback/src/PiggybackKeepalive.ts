import {
  type KeepaliveConnection,
  type KeepaliveHandle,
  type KeepaliveStrategy,
  type Logger,
  silentLogger,
} from '@redis-shuttle/core';
import { HeartbeatPinger } from './HeartbeatPinger.js';
import { keepaliveIntervalUtils as intervalUtils } from '@redis-shuttle/core';
import type { PiggybackKeepaliveConfig } from './PiggybackKeepaliveConfig.js';

/**
 * Turns pipeline heartbeats (the reader has produced nothing for a while) into an in-band PING on
 * each connection idle for the interval. No timer, nothing at all while writes flow.
 */
export class PiggybackKeepalive implements KeepaliveStrategy {
  readonly name = 'piggyback';
  private unknownTimeoutSaid = false;

  constructor(
    private readonly config: PiggybackKeepaliveConfig = {},
    private readonly logger: Logger = silentLogger,
  ) {}

  attach(connection: KeepaliveConnection): KeepaliveHandle {
    return new HeartbeatPinger(
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
      'keepalive piggyback: the target refused CONFIG GET timeout, so idle connections are PINGed after 10 s (set intervalMs to choose)',
    );
  }
}
