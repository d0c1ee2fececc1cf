import { definePlugin, silentLogger, TOKENS } from '@redis-shuttle/core';
import { PiggybackKeepalive } from './PiggybackKeepalive.js';
import { type PiggybackKeepaliveConfig, piggybackKeepaliveConfigSchema } from './PiggybackKeepaliveConfig.js';

export { HeartbeatPinger, type HeartbeatPingerOptions } from './HeartbeatPinger.js';
export { PiggybackKeepalive } from './PiggybackKeepalive.js';
export { type PiggybackKeepaliveConfig, piggybackKeepaliveConfigSchema } from './PiggybackKeepaliveConfig.js';

/** Keepalive strategy `piggyback`: an in-band PING on pipeline heartbeats, only on idle connections. */
export default definePlugin<PiggybackKeepaliveConfig>({
  name: 'piggyback',
  kind: 'keepalive',
  apiVersion: 1,
  configSchema: piggybackKeepaliveConfigSchema,
  register(container, config) {
    const logger = container.isRegistered(TOKENS.Logger, true)
      ? container.resolve(TOKENS.Logger)
      : silentLogger;
    container.register(TOKENS.KeepaliveStrategy, { useValue: new PiggybackKeepalive(config, logger) });
  },
});
