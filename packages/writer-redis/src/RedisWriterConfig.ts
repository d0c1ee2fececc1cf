import { z } from '@redis-shuttle/core';
import { targetConfigShape } from '@redis-shuttle/redis-connection';

export const redisWriterConfigSchema = z
  .object({
    ...targetConfigShape,
    // Measured by `npm run bench` (rdb-to-standalone, alternating runs): 32,768 commands and 32 MiB
    // keep the target busy while this process walks the next big key (18-25 MB) and while it restores
    // one (150-300 ms): 8 runs each gave the target's idle time a median of 0.45 s against 0.51 s with
    // 16,384 and 16 MiB, for about 30 MB more peak RSS (median 289 vs 257 MiB). Raising only the
    // count gained nothing (the bytes bound), and 64 MiB nothing more than 32.
    maxInFlightCommands: z
      .number()
      .int()
      .positive()
      .default(32_768)
      .describe('Commands sent but not yet acknowledged before the writer waits'),
    maxInFlightBytes: z
      .number()
      .int()
      .positive()
      .default(32 * 1024 * 1024)
      .describe(
        'Bytes of commands sent but not yet acknowledged before the writer waits; one command counts at most half of it, so that commands keep flowing behind a big one',
      ),
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
