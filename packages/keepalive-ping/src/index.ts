import { definePlugin, silentLogger, TOKENS } from '@redis-shuttle/core';
import { PingKeepalive } from './PingKeepalive.js';
import { type PingKeepaliveConfig, pingKeepaliveConfigSchema } from './PingKeepaliveConfig.js';

export { IdlePinger, type IdlePingerOptions } from './IdlePinger.js';
export { PingKeepalive } from './PingKeepalive.js';
export { type PingKeepaliveConfig, pingKeepaliveConfigSchema } from './PingKeepaliveConfig.js';

/** Keepalive strategy `ping`: PING every connection that has been idle for the interval. */
export default definePlugin<PingKeepaliveConfig>({
  name: 'ping',
  kind: 'keepalive',
  apiVersion: 1,
  configSchema: pingKeepaliveConfigSchema,
  register(container, config) {
    const logger = container.isRegistered(TOKENS.Logger, true)
      ? container.resolve(TOKENS.Logger)
      : silentLogger;
    container.register(TOKENS.KeepaliveStrategy, { useValue: new PingKeepalive(config, logger) });
  },
});
