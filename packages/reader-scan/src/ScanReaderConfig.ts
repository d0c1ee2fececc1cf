import { z } from '@redis-shuttle/core';

export const scanReaderConfigSchema = z
  .object({
    url: z
      .string()
      .regex(/^(scan\+)?rediss?:\/\//i, 'must be scan+redis://host:port (or redis://, rediss://)')
      .describe('The source: scan+redis://[user:password@]host:port (the scan+ prefix is optional)'),
    password: z.string().optional().describe('Password, when not in the URL (prefer passwordEnv)'),
    passwordEnv: z
      .string()
      .optional()
      .describe('Name of an environment variable holding the source password'),
    count: z
      .number()
      .int()
      .positive()
      .default(1000)
      .describe('SCAN COUNT: keys asked per SCAN call, and per DUMP batch'),
    mode: z
      .enum(['snapshot', 'sync'])
      .default('snapshot')
      .describe(
        'snapshot: SCAN once; sync: then keep re-dumping keys named by keyspace notifications until stopped',
      ),
    sourceMaxOps: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('At most this many commands per second on the source (0 = unlimited)'),
    dbs: z
      .array(z.number().int().nonnegative())
      .optional()
      .describe('The dbs to read (default: every non-empty db in INFO keyspace)'),
    expiryCommand: z
      .enum(['auto', 'PEXPIRETIME', 'PTTL'])
      .default('auto')
      .describe(
        'How expiries are read: auto = PEXPIRETIME on Redis 7+, PTTL (plus the local clock) before; PTTL also suits proxies without PEXPIRETIME',
      ),
    functions: z
      .boolean()
      .default(true)
      .describe('Copy function libraries (Redis 7+: FUNCTION LIST WITHCODE)'),
    notifyKeyspaceEvents: z
      .boolean()
      .default(true)
      .describe('sync mode: enable notify-keyspace-events with CONFIG SET when needed (restored at the end)'),
    connectTimeoutMs: z.number().int().positive().default(10_000),
  })
  .strict();

export type ScanReaderConfig = z.output<typeof scanReaderConfigSchema>;

export const SCAN_READER_CONFIG = Symbol('reader-scan.config');
