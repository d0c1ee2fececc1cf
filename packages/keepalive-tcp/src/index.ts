import { definePlugin, silentLogger, TOKENS } from '@redis-shuttle/core';
import { TcpKeepalive } from './TcpKeepalive.js';
import { type TcpKeepaliveConfig, tcpKeepaliveConfigSchema } from './TcpKeepaliveConfig.js';

export { SocketTuner } from './SocketTuner.js';
export { TcpKeepalive } from './TcpKeepalive.js';
export {
  type TcpKeepaliveConfig,
  type TcpKeepaliveConfigInput,
  tcpKeepaliveConfigSchema,
} from './TcpKeepaliveConfig.js';
export * as tcpKeepaliveUtils from './tcpKeepaliveUtils.js';
export { type TcpKeepaliveSettings, tcpOnlyWarning } from './tcpKeepaliveUtils.js';

/** Keepalive strategy `tcp`: kernel keepalive probes and TCP_USER_TIMEOUT on every connection. */
export default definePlugin<TcpKeepaliveConfig>({
  name: 'tcp',
  kind: 'keepalive',
  apiVersion: 1,
  configSchema: tcpKeepaliveConfigSchema,
  register(container, config) {
    const logger = container.isRegistered(TOKENS.Logger, true)
      ? container.resolve(TOKENS.Logger)
      : silentLogger;
    container.register(TOKENS.KeepaliveStrategy, { useValue: new TcpKeepalive(config, logger) });
  },
});
