import { definePlugin, Lifecycle, silentLogger, TOKENS } from '@redis-shuttle/core';
import { AofReader } from './AofReader.js';
import { AOF_READER_CONFIG, type AofReaderConfig, aofReaderConfigSchema } from './AofReaderConfig.js';

export { AofReader } from './AofReader.js';
export { AofCommandParser, type AofItem } from './AofCommandParser.js';
export { AofFormatError } from './AofFormatError.js';
export type { AofFile } from './AofFile.js';
export { AOF_READER_CONFIG, aofReaderConfigSchema, type AofReaderConfig } from './AofReaderConfig.js';
export { parseManifest, type ManifestEntry } from './manifestUtils.js';
export { resolveAofFiles } from './sourceUtils.js';

/** Reads an AOF file or a Redis 7 appendonlydir: `redis-shuttle migrate ./appendonlydir redis://… --until 1700000000`. */
export default definePlugin<AofReaderConfig>({
  name: 'aof',
  kind: 'reader',
  apiVersion: 1,
  configSchema: aofReaderConfigSchema,
  supports: (endpoint) =>
    !/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) &&
    (/\.aof(\.manifest)?$/i.test(endpoint) || /(^|[\\/])appendonlydir[\\/]?$/i.test(endpoint)),
  register(container, config) {
    container.register(AOF_READER_CONFIG, { useValue: config });
    if (!container.isRegistered(TOKENS.Logger, true))
      container.register(TOKENS.Logger, { useValue: silentLogger });
    container.register(TOKENS.Reader, { useClass: AofReader }, { lifecycle: Lifecycle.ContainerScoped });
  },
});
