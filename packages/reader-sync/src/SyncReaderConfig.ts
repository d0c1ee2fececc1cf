import { tmpdir } from 'node:os';
import { z } from '@redis-shuttle/core';

export const syncReaderConfigSchema = z
  .object({
    url: z.string().describe('Source URL: redis://[user:password@]host:port, or rediss:// for TLS'),
    password: z.string().optional().describe('Password, when not in the URL (prefer passwordEnv)'),
    passwordEnv: z.string().optional().describe('Name of an environment variable holding the password'),
    mode: z
      .enum(['sync', 'snapshot'])
      .default('sync')
      .describe(
        '"sync": full sync, then follow the source until the run is stopped; "snapshot": full sync, then stop at the offset the source had when the transfer ended',
      ),
    spoolDir: z
      .string()
      .default(tmpdir())
      .describe('Directory of the spool files (the RDB, and the command stream when the target lags)'),
    spoolMaxBytes: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('Largest size of one spool file in bytes; 0 = until the disk is full'),
    memoryBufferBytes: z
      .number()
      .int()
      .nonnegative()
      .default(32 * 1024 * 1024)
      .describe('Command stream kept in memory before it spills to a spool file'),
    connectTimeoutMs: z.number().int().positive().default(10_000),
    reconnectForMs: z
      .number()
      .int()
      .nonnegative()
      .default(300_000)
      .describe('How long to keep trying to re-establish a lost replication link before the run fails'),
    linkTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('A replication link silent for this long is considered lost (the source PINGs every 10 s)'),
    ackIntervalMs: z.number().int().positive().default(1_000).describe('REPLCONF ACK period'),
    cluster: z
      .boolean()
      .default(true)
      .describe(
        'A cluster source: replicate every master (one link each, in parallel); false refuses cluster sources',
      ),
    sentinelMaster: z
      .string()
      .optional()
      .describe(
        'The url names a Sentinel: replicate the master it knows by this name, and follow it through failovers',
      ),
    sentinelPassword: z.string().optional().describe('Password of the Sentinel (prefer sentinelPasswordEnv)'),
    sentinelPasswordEnv: z
      .string()
      .optional()
      .describe('Name of an environment variable holding the Sentinel password'),
    preferReplica: z
      .boolean()
      .default(false)
      .describe(
        "Read from an online replica of the source (of each master, for a cluster) when there is one, to spare the master the full sync's fork",
      ),
    tlsRejectUnauthorized: z
      .boolean()
      .default(true)
      .describe('rediss://: refuse a source whose certificate does not verify'),
  })
  .strict();

export type SyncReaderConfig = z.output<typeof syncReaderConfigSchema>;

/** Token for this plugin's validated config. */
export const SYNC_READER_CONFIG = Symbol('reader-sync.config');
