import {
  type KeepaliveConnection,
  type KeepaliveHandle,
  type KeepaliveStrategy,
  type Logger,
  silentLogger,
} from '@redis-shuttle/core';
import { SocketTuner } from './SocketTuner.js';
import { type TcpKeepaliveConfigInput, tcpKeepaliveConfigSchema } from './TcpKeepaliveConfig.js';
import * as tcpKeepaliveUtils from './tcpKeepaliveUtils.js';

/**
 * Turns on kernel TCP keepalive probes and TCP_USER_TIMEOUT on every connection, again after each
 * reconnect. Defends against NAT and load-balancer idle drops and finds half-open connections; it
 * does NOT reset the target's own idle `timeout` (the probes carry no data).
 */
export class TcpKeepalive implements KeepaliveStrategy {
  readonly name = 'tcp';
  readonly settings: tcpKeepaliveUtils.TcpKeepaliveSettings;
  private problemsSaid = false;

  constructor(
    config: TcpKeepaliveConfigInput = {},
    private readonly logger: Logger = silentLogger,
  ) {
    this.settings = tcpKeepaliveUtils.settingsFor(tcpKeepaliveConfigSchema.parse(config));
  }

  attach(connection: KeepaliveConnection): KeepaliveHandle {
    this.logger.debug({ connection: connection.id, ...this.settings }, 'keepalive tcp: tuning connection');
    return new SocketTuner(connection, this.settings, (id, problems) => this.sayProblems(id, problems));
  }

  /** Said once per run (at debug level afterwards), however many connections there are. */
  private sayProblems(connectionId: string, problems: string[]): void {
    const message = `keepalive tcp: some socket options could not be set (${problems.join('; ')}); TCP keepalive may use the system defaults`;
    if (this.problemsSaid) this.logger.debug({ connection: connectionId }, message);
    else this.logger.warn({ connection: connectionId }, message);
    this.problemsSaid = true;
  }
}
