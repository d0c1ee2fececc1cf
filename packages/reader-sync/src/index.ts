import { definePlugin, Lifecycle, silentLogger, TOKENS } from '@redis-shuttle/core';
import { SyncReader } from './SyncReader.js';
import { SYNC_READER_CONFIG, type SyncReaderConfig, syncReaderConfigSchema } from './SyncReaderConfig.js';

export { SyncReader, type SyncReaderProgress } from './SyncReader.js';
export { MasterReader, type LinkProgress } from './MasterReader.js';
export { ReplicaLink } from './ReplicaLink.js';
export { SYNC_READER_CONFIG, syncReaderConfigSchema, type SyncReaderConfig } from './SyncReaderConfig.js';
export { RespCommandParser } from './RespCommandParser.js';
export { Spool } from './Spool.js';

/** Reads a live Redis over the replication protocol (PSYNC): full sync, then the command stream. */
export default definePlugin<SyncReaderConfig>({
  name: 'sync',
  kind: 'reader',
  apiVersion: 1,
  configSchema: syncReaderConfigSchema,
  supports: (endpoint) => /^rediss?:\/\//i.test(endpoint),
  register(container, config) {
    container.register(SYNC_READER_CONFIG, { useValue: config });
    if (!container.isRegistered(TOKENS.Logger, true))
      container.register(TOKENS.Logger, { useValue: silentLogger });
    container.register(TOKENS.Reader, { useClass: SyncReader }, { lifecycle: Lifecycle.ContainerScoped });
  },
});
