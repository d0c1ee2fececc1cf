import { z } from '@redis-shuttle/core';

const pluginSections = z
  .record(z.string(), z.record(z.string(), z.unknown()))
  .default({})
  .describe('per-plugin settings, by plugin name, e.g. [writer.redis] max_in_flight_commands = 4096');

/**
 * The shape of `shuttle.toml`. Keys are snake_case (they are turned into the camelCase the plugins'
 * own schemas use); every string may hold `${ENV_VAR}`.
 */
export const runConfigSchema = z
  .object({
    source: z
      .object({
        url: z
          .string()
          .min(1)
          .describe('an .rdb file, "-", an AOF file or directory, redis://host:port or scan+redis://'),
        reader: z.string().optional().describe('reader plugin: short name, package name or path'),
        mode: z
          .enum(['sync', 'snapshot'])
          .optional()
          .describe('live sources: follow until stopped, or stop once caught up'),
        password_env: z.string().optional(),
        until: z.number().int().optional().describe('AOF: replay up to this unix time (seconds)'),
      })
      .strict(),
    target: z
      .object({
        url: z.string().min(1).describe('redis://[user:password@]host:port or rediss://'),
        writer: z.string().optional().describe('writer plugin: short name, package name or path'),
        password_env: z.string().optional(),
      })
      .strict(),
    keepalive: z
      .object({
        strategies: z.array(z.string()).optional().describe('e.g. ["ping", "tcp"]; ["none"] for none'),
      })
      .catchall(z.record(z.string(), z.unknown()))
      .default({}),
    reader: pluginSections,
    writer: pluginSections,
    filter: z.record(z.string(), z.unknown()).default({}).describe('key, db and command filters; see README'),
    transform: z.string().optional().describe('path of a JS module whose default export transforms entries'),
    status: z
      .object({
        port: z
          .number()
          .int()
          .min(0)
          .max(65535)
          .optional()
          .describe('serve GET /status and /metrics on this port'),
        bind: z.string().default('127.0.0.1'),
      })
      .strict()
      .default({ bind: '127.0.0.1' }),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
        file: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type RunConfig = z.output<typeof runConfigSchema>;

export const RUN_CONFIG_EXAMPLE = `[source]
url = "dump.rdb"

[target]
url = "redis://127.0.0.1:6380"
password_env = "TARGET_PASSWORD"`;
