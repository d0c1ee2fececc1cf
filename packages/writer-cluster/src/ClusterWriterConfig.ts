import { z } from '@redis-shuttle/core';

export const clusterWriterConfigSchema = z
  .object({
    url: z
      .string()
      .describe('Any node of the target cluster: redis://[user:password@]host:port or rediss:// for TLS'),
    password: z.string().optional().describe('Password, when not in the URL (prefer passwordEnv)'),
    passwordEnv: z.string().optional().describe('Name of an environment variable holding the password'),
    tls: z
      .object({
        ca: z.string().optional().describe('PEM file of the CA that signed the node certificates'),
        cert: z.string().optional().describe('PEM file of a client certificate (mutual TLS)'),
        key: z.string().optional().describe('PEM file of the client certificate key'),
        servername: z
          .string()
          .optional()
          .describe('TLS server name (SNI) to send and verify, for every node'),
        insecure: z.boolean().default(false).describe('Do not verify the node certificates (tests only)'),
      })
      .strict()
      .optional()
      .describe('TLS to every node; rediss:// URLs use TLS with the system CAs'),
    maxInFlightCommands: z
      .number()
      .int()
      .positive()
      .default(2048)
      .describe('Per node: commands sent but not yet acknowledged before the writer waits'),
    maxInFlightBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024)
      .describe('Per node: bytes of commands sent but not yet acknowledged before the writer waits'),
    busyKey: z
      .enum(['replace', 'skip', 'fail'])
      .default('replace')
      .describe(
        'A key that already exists on the target: overwrite it, keep it (counted as skipped), or stop',
      ),
    flushTarget: z
      .boolean()
      .default(false)
      .describe('Empty every master (FLUSHALL and FUNCTION FLUSH) before writing'),
    functions: z
      .enum(['replace', 'skip', 'fail'])
      .default('replace')
      .describe('What to do when a function library of the same name exists on a master'),
    connectTimeoutMs: z.number().int().positive().default(10_000),
    reconnectForMs: z
      .number()
      .int()
      .nonnegative()
      .default(300_000)
      .describe(
        'How long a lost node connection is retried (while that node still owns slots) before the run fails',
      ),
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
