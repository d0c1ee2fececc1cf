import { z } from '@redis-shuttle/core';

/**
 * The settings every Redis writer takes (standalone and cluster), as a zod shape each writer
 * spreads into its own schema: where the target is, credentials, TLS, flow control, what to do
 * with what is already there, and how long to retry.
 */
export const targetConfigShape = {
  url: z.string().describe('Target URL: redis://[user:password@]host:port, rediss:// for TLS'),
  password: z.string().optional().describe('Password, when not in the URL (prefer passwordEnv)'),
  passwordEnv: z.string().optional().describe('Name of an environment variable holding the password'),
  tls: z
    .object({
      ca: z.string().optional().describe('PEM file of the CA that signed the target certificate'),
      cert: z.string().optional().describe('PEM file of a client certificate (mutual TLS)'),
      key: z.string().optional().describe('PEM file of the client certificate key'),
      servername: z.string().optional().describe('TLS server name (SNI) to send and verify'),
      insecure: z.boolean().default(false).describe('Do not verify the target certificate (tests only)'),
    })
    .strict()
    .optional()
    .describe('TLS to the target; rediss:// URLs use TLS with the system CAs'),
  maxInFlightCommands: z
    .number()
    .int()
    .positive()
    .default(8192)
    .describe('Commands sent but not yet acknowledged before the writer waits (per connection)'),
  maxInFlightBytes: z
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024)
    .describe(
      'Bytes of commands sent but not yet acknowledged before the writer waits (per connection); one command counts at most half of it, so that commands keep flowing behind a big one',
    ),
  busyKey: z
    .enum(['replace', 'skip', 'fail'])
    .default('replace')
    .describe('A key that already exists on the target: overwrite it, keep it (counted as skipped), or stop'),
  flushTarget: z
    .boolean()
    .default(false)
    .describe('Empty the target (FLUSHALL and FUNCTION FLUSH) before writing'),
  functions: z
    .enum(['replace', 'skip', 'fail'])
    .default('replace')
    .describe('What to do when a function library of the same name exists on the target'),
  connectTimeoutMs: z.number().int().positive().default(10_000),
  reconnectForMs: z
    .number()
    .int()
    .nonnegative()
    .default(300_000)
    .describe('How long to keep trying to reconnect a lost connection before the run fails'),
  retryForMs: z
    .number()
    .int()
    .nonnegative()
    .default(30_000)
    .describe('How long a write answered with LOADING, BUSY, TRYAGAIN, MASTERDOWN or OOM is retried'),
};
