import { definePlugin, Lifecycle, silentLogger, TOKENS } from '@redis-shuttle/core';
import { ScanReader } from './ScanReader.js';
import { SCAN_READER_CONFIG, type ScanReaderConfig, scanReaderConfigSchema } from './ScanReaderConfig.js';

export { KeyspaceTail } from './KeyspaceTail.js';
export { RateLimiter } from './RateLimiter.js';
export { type ScanProgress, ScanReader } from './ScanReader.js';
export { SCAN_READER_CONFIG, type ScanReaderConfig, scanReaderConfigSchema } from './ScanReaderConfig.js';
export * as dumpUtils from './dumpUtils.js';

/** Reads a live server with SCAN + DUMP (no PSYNC needed): `redis-shuttle migrate scan+redis://source:6379 redis://target:6379`. */
export default definePlugin<ScanReaderConfig>({
  name: 'scan',
  kind: 'reader',
  apiVersion: 1,
  configSchema: scanReaderConfigSchema,
  supports: (endpoint) => /^scan\+rediss?:\/\//i.test(endpoint),
  register(container, config) {
    container.register(SCAN_READER_CONFIG, { useValue: config });
    if (!container.isRegistered(TOKENS.Logger, true))
      container.register(TOKENS.Logger, { useValue: silentLogger });
    container.register(TOKENS.Reader, { useClass: ScanReader }, { lifecycle: Lifecycle.ContainerScoped });
  },
});
