import { definePlugin, Lifecycle, silentLogger, TOKENS } from '@redis-shuttle/core';
import { RdbFileReader } from './RdbFileReader.js';
import { RDB_READER_CONFIG, type RdbReaderConfig, rdbReaderConfigSchema } from './RdbReaderConfig.js';

export { RdbFileReader, type RdbReaderProgress } from './RdbFileReader.js';
export { RDB_READER_CONFIG, rdbReaderConfigSchema, type RdbReaderConfig } from './RdbReaderConfig.js';

/** Reads an RDB file, or standard input (`-`): `redis-cli --rdb - | redis-shuttle migrate - redis://…`. */
export default definePlugin<RdbReaderConfig>({
  name: 'rdb',
  kind: 'reader',
  apiVersion: 1,
  configSchema: rdbReaderConfigSchema,
  supports: (endpoint) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint),
  register(container, config) {
    container.register(RDB_READER_CONFIG, { useValue: config });
    if (!container.isRegistered(TOKENS.Logger, true))
      container.register(TOKENS.Logger, { useValue: silentLogger });
    container.register(TOKENS.Reader, { useClass: RdbFileReader }, { lifecycle: Lifecycle.ContainerScoped });
  },
});
