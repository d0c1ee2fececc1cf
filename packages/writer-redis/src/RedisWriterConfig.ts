import { z } from '@redis-shuttle/core';
import { targetConfigShape } from '@redis-shuttle/redis-connection';

export const redisWriterConfigSchema = z
  .object({
    ...targetConfigShape,
    // Measured by `npm run bench` (rdb-to-standalone, 6 alternating runs each): with 16,384 instead of
    // 8,192 the target's idle time fell from 0.48-0.63 s (median 0.62) to 0.43-0.55 s (median 0.50),
    // for 24 MB more peak RSS (median 264 vs 240 MiB); 24,576 and 32,768 gained nothing more. The
    // deeper queue keeps the target busy while this process reads a big key or loses its core.
    maxInFlightCommands: z
      .number()
      .int()
      .positive()
      .default(16_384)
      .describe('Commands sent but not yet acknowledged before the writer waits'),
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
