import { ConfigError } from '@redis-shuttle/core';
import { camelKeys } from './configUtils.js';
import type { RunConfig } from './runConfigSchema.js';

/** The command-line flags of `migrate` (commander's camelCase). */
export interface MigrateFlags {
  config?: string;
  json?: boolean;
  debug?: boolean;
  yes?: boolean;
  logLevel?: string;
  logFile?: string;
  reader?: string;
  writer?: string;
  mode?: 'sync' | 'snapshot';
  until?: number;
  sourcePasswordEnv?: string;
  sourceMaxOps?: number;
  preferReplica?: boolean;
  spoolDir?: string;
  targetPasswordEnv?: string;
  keepalive?: string;
  functions?: 'replace' | 'skip' | 'fail';
  busyKey?: 'replace' | 'skip' | 'fail';
  flushTarget?: boolean;
  maxInFlight?: number;
  statusPort?: number;
  dbMap?: Record<string, number>;
  crossSlot?: 'fail' | 'skip';
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServername?: string;
  tlsInsecure?: boolean;
  statusBind?: string;
}

/** Everything a run needs, from the flags over the config file over the defaults. */
export interface RunSettings {
  source: { url: string; reader?: string; options: Record<string, unknown> };
  target: { url: string; writer?: string; options: Record<string, unknown> };
  keepalive?: string[];
  keepaliveOptions: Record<string, Record<string, unknown>>;
  readerSections: Record<string, Record<string, unknown>>;
  writerSections: Record<string, Record<string, unknown>>;
  filter: Record<string, unknown>;
  transform?: string;
  status: { port?: number; bind: string };
  log: { level?: string; file?: string };
  json: boolean;
  debug: boolean;
  yes: boolean;
}

export function runSettings(
  source: string | undefined,
  target: string | undefined,
  flags: MigrateFlags,
  config: RunConfig | undefined,
): RunSettings {
  const sourceUrl = source ?? config?.source.url;
  const targetUrl = target ?? config?.target.url;
  if (!sourceUrl || !targetUrl) {
    throw new ConfigError(`missing the ${sourceUrl ? 'target' : 'source'}`, {
      hint: 'give both on the command line (migrate <source> <target>) or in the config file ([source] url, [target] url)',
    });
  }
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const keepalive = flags.keepalive?.split(',').map((s) => s.trim()) ?? config?.keepalive.strategies;
  const { strategies: _strategies, ...keepaliveOptions } = config?.keepalive ?? {};
  return {
    source: {
      url: sourceUrl,
      reader: flags.reader ?? config?.source.reader,
      options: defined({
        mode: flags.mode ?? config?.source.mode,
        until: flags.until ?? config?.source.until,
        passwordEnv: flags.sourcePasswordEnv ?? config?.source.password_env,
        sourceMaxOps: flags.sourceMaxOps,
        preferReplica: flags.preferReplica,
        spoolDir: flags.spoolDir,
      }),
    },
    target: {
      url: targetUrl,
      writer: flags.writer ?? config?.target.writer,
      options: defined({
        passwordEnv: flags.targetPasswordEnv ?? config?.target.password_env,
        functions: flags.functions,
        busyKey: flags.busyKey,
        flushTarget: flags.flushTarget,
        maxInFlightCommands: flags.maxInFlight,
        tls: tlsFlags(flags),
        dbMap: flags.dbMap,
        crossSlot: flags.crossSlot,
      }),
    },
    keepalive,
    keepaliveOptions: camelKeys(keepaliveOptions) as Record<string, Record<string, unknown>>,
    readerSections: camelKeys(config?.reader ?? {}) as Record<string, Record<string, unknown>>,
    writerSections: camelKeys(config?.writer ?? {}) as Record<string, Record<string, unknown>>,
    filter: camelKeys(config?.filter ?? {}) as Record<string, unknown>,
    transform: config?.transform,
    status: {
      port: flags.statusPort ?? config?.status.port,
      bind: flags.statusBind ?? config?.status.bind ?? '127.0.0.1',
    },
    log: {
      level: flags.debug ? 'debug' : (flags.logLevel ?? config?.log.level),
      file: flags.logFile ?? config?.log.file,
    },
    json: flags.json ?? false,
    debug: flags.debug ?? false,
    yes: flags.yes ?? false,
  };
}

/** The target TLS flags as the writers' `tls` option, or undefined when none is given. */
function tlsFlags(flags: MigrateFlags): Record<string, unknown> | undefined {
  const tls = Object.fromEntries(
    Object.entries({
      ca: flags.tlsCa,
      cert: flags.tlsCert,
      key: flags.tlsKey,
      servername: flags.tlsServername,
      insecure: flags.tlsInsecure,
    }).filter(([, v]) => v !== undefined),
  );
  return Object.keys(tls).length > 0 ? tls : undefined;
}
