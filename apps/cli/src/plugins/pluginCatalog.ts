import type { PluginKind } from '@redis-shuttle/core';

/** The plugins the redis-shuttle project publishes, by kind and short name. */
export const PLUGIN_CATALOG: Array<{ kind: PluginKind; name: string; packageName: string; handles: string }> =
  [
    {
      kind: 'reader',
      name: 'rdb',
      packageName: '@redis-shuttle/reader-rdb',
      handles: 'RDB files and standard input',
    },
    {
      kind: 'reader',
      name: 'sync',
      packageName: '@redis-shuttle/reader-sync',
      handles: 'live sources over PSYNC',
    },
    {
      kind: 'reader',
      name: 'scan',
      packageName: '@redis-shuttle/reader-scan',
      handles: 'sources that refuse PSYNC',
    },
    {
      kind: 'reader',
      name: 'aof',
      packageName: '@redis-shuttle/reader-aof',
      handles: 'AOF files and directories',
    },
    {
      kind: 'writer',
      name: 'redis',
      packageName: '@redis-shuttle/writer-redis',
      handles: 'standalone Redis targets',
    },
    {
      kind: 'writer',
      name: 'cluster',
      packageName: '@redis-shuttle/writer-cluster',
      handles: 'Redis Cluster targets',
    },
    {
      kind: 'keepalive',
      name: 'ping',
      packageName: '@redis-shuttle/keepalive-ping',
      handles: 'PING on idle connections',
    },
    {
      kind: 'keepalive',
      name: 'tcp',
      packageName: '@redis-shuttle/keepalive-tcp',
      handles: 'TCP keepalive probes',
    },
    {
      kind: 'keepalive',
      name: 'piggyback',
      packageName: '@redis-shuttle/keepalive-piggyback',
      handles: 'in-band PING on pipeline heartbeats',
    },
  ];

/**
 * The module to import for a plugin: a catalog short name maps to its package; anything
 * that looks like a package name or a path is used as it is.
 */
export function pluginSpecifier(kind: PluginKind, name: string): { specifier: string; packageName: string } {
  const known = PLUGIN_CATALOG.find((p) => p.kind === kind && p.name === name);
  if (known) return { specifier: known.packageName, packageName: known.packageName };
  return { specifier: name, packageName: name };
}

/** Chooses a reader from the source: a URL scheme, or a file path / `-`. */
export function readerFor(source: string): string {
  if (/^scan\+rediss?:\/\//i.test(source)) return 'scan';
  if (/^rediss?:\/\//i.test(source) || /^redis-sentinel:\/\//i.test(source)) return 'sync';
  if (/\.aof$|\.aof\.manifest$|appendonlydir\/?$/i.test(source)) return 'aof';
  return 'rdb';
}

/** Chooses a writer from the target URL (the standalone writer detects a cluster on connect). */
export function writerFor(target: string): string {
  if (/^redis-cluster:\/\//i.test(target)) return 'cluster';
  return 'redis';
}
