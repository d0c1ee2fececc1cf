import { z } from '@redis-shuttle/core';
import { targetConfigShape } from '@redis-shuttle/redis-connection';

export const redisWriterConfigSchema = z
  .object({
    ...targetConfigShape,
    url: z
      .string()
      .describe(
        'Target URL: redis://[user:password@]host:port, rediss:// for TLS, redis-sentinel://host:port[,host:port]/master',
      ),
    confirmReplicas: z
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .describe(
        'Hold every acknowledged write until WAIT confirms a replica has it, and replay the unconfirmed ones when a failover changes the master (auto: for Sentinel targets)',
      ),
    restore: z
      .enum(['auto', 'never'])
      .default('auto')
      .describe(
        'auto: RESTORE when the target loads the payload, else type commands; never: always type commands',
      ),
    commandElements: z
      .number()
      .int()
      .positive()
      .default(512)
      .describe('Command path: elements (members, fields, entries) per command'),
    commandBytes: z
      .number()
      .int()
      .positive()
      .default(16 * 1024 * 1024)
      .describe(
        'Command path: bytes of arguments per command (also kept under half the target proto-max-bulk-len)',
      ),
  })
  .strict();

export type RedisWriterConfig = z.output<typeof redisWriterConfigSchema>;

/** Token for this plugin's validated config. */
export const REDIS_WRITER_CONFIG = Symbol('writer-redis.config');
