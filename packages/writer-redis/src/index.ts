import { definePlugin, Lifecycle, silentLogger, TOKENS } from '@redis-shuttle/core';
import { RedisWriter } from './RedisWriter.js';
import { REDIS_WRITER_CONFIG, type RedisWriterConfig, redisWriterConfigSchema } from './RedisWriterConfig.js';

export { RedisWriter } from './RedisWriter.js';
export { REDIS_WRITER_CONFIG, redisWriterConfigSchema, type RedisWriterConfig } from './RedisWriterConfig.js';

/** Writes into a standalone Redis (or Valkey) server: `redis://` and `rediss://` targets. */
export default definePlugin<RedisWriterConfig>({
  name: 'redis',
  kind: 'writer',
  apiVersion: 1,
  configSchema: redisWriterConfigSchema,
  supports: (endpoint) => /^(rediss?|redis-sentinel):\/\//i.test(endpoint),
  register(container, config) {
    container.register(REDIS_WRITER_CONFIG, { useValue: config });
    if (!container.isRegistered(TOKENS.Logger, true))
      container.register(TOKENS.Logger, { useValue: silentLogger });
    if (!container.isRegistered(TOKENS.KeepaliveStrategies, true))
      container.register(TOKENS.KeepaliveStrategies, { useValue: [] });
    container.register(TOKENS.Writer, { useClass: RedisWriter }, { lifecycle: Lifecycle.ContainerScoped });
  },
});
