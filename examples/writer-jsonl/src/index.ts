import { definePlugin, Lifecycle, silentLogger, TOKENS } from '@redis-shuttle/core';
import { JsonlWriter } from './JsonlWriter.js';
import { JSONL_WRITER_CONFIG, type JsonlWriterConfig, jsonlWriterConfigSchema } from './JsonlWriterConfig.js';

export { JsonlWriter } from './JsonlWriter.js';
export { JSONL_WRITER_CONFIG, type JsonlWriterConfig, jsonlWriterConfigSchema } from './JsonlWriterConfig.js';
export { decodeEntry, encodeEntry } from './jsonlUtils.js';

/** Writes every entry as a JSON line to a file: `out.jsonl` or `file:///path/out.jsonl` targets. */
export default definePlugin<JsonlWriterConfig>({
  name: 'jsonl',
  kind: 'writer',
  apiVersion: 1,
  configSchema: jsonlWriterConfigSchema,
  supports: (endpoint) => endpoint.startsWith('file://') || endpoint.endsWith('.jsonl'),
  register(container, config) {
    container.register(JSONL_WRITER_CONFIG, { useValue: config });
    if (!container.isRegistered(TOKENS.Logger, true))
      container.register(TOKENS.Logger, { useValue: silentLogger });
    container.register(TOKENS.Writer, { useClass: JsonlWriter }, { lifecycle: Lifecycle.ContainerScoped });
  },
});
