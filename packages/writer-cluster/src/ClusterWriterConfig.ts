import { z } from '@redis-shuttle/core';
import { targetConfigShape } from '@redis-shuttle/redis-connection';

export const clusterWriterConfigSchema = z
  .object({
    ...targetConfigShape,
    url: z
      .string()
      .describe('Any node of the target cluster: redis://[user:password@]host:port or rediss:// for TLS'),
    retryForMs: z
      .number()
      .int()
      .nonnegative()
      .default(30_000)
      .describe(
        'How long a write answered with CLUSTERDOWN, TRYAGAIN, LOADING, BUSY, MASTERDOWN or OOM is retried',
      ),
    dbMap: z
      .record(z.string().regex(/^\d+$/), z.literal(0))
      .default({})
      .describe('Source databases written to db 0 (a cluster has only db 0), e.g. { "3": 0 }'),
    crossSlot: z
      .enum(['fail', 'skip'])
      .default('fail')
      .describe('A multi-key command of the live stream whose keys span slots and cannot be split'),
  })
  .strict();

export type ClusterWriterConfig = z.output<typeof clusterWriterConfigSchema>;

/** Token for this plugin's validated config. */
export const CLUSTER_WRITER_CONFIG = Symbol('writer-cluster.config');
