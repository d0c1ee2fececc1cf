import type { Logger } from '@redis-shuttle/core';
import { openProbe, parseInfo, type SourceAddress } from './sourceUtils.js';
import type { SyncReaderConfig } from './SyncReaderConfig.js';

/** The online replicas a master lists in `INFO replication` (`slave0:ip=…,port=…,state=online,…,lag=0`), least lagging first. */
export function parseInfoReplicas(info: Record<string, string>): Array<{ host: string; port: number }> {
  const replicas: Array<{ host: string; port: number; lag: number }> = [];
  for (const [field, value] of Object.entries(info)) {
    if (!/^slave\d+$/.test(field)) continue;
    const attrs = Object.fromEntries(value.split(',').map((pair) => pair.split('=') as [string, string]));
    if (attrs.state !== 'online' || !attrs.ip || !attrs.port) continue;
    replicas.push({ host: attrs.ip, port: Number(attrs.port), lag: Number(attrs.lag ?? 0) });
  }
  return replicas.sort((a, b) => a.lag - b.lag).map(({ host, port }) => ({ host, port }));
}

/**
 * `preferReplica`: the first candidate that answers as a replica with its master link up, or
 * the master itself. Candidates that do not answer (e.g. other replication clients, which
 * announce a port nobody listens on) are skipped.
 */
export async function preferReplica(
  master: SourceAddress,
  candidates: Array<{ host: string; port: number }>,
  config: SyncReaderConfig,
  logger: Logger,
): Promise<SourceAddress> {
  for (const candidate of candidates) {
    const replica: SourceAddress = {
      ...master,
      host: candidate.host,
      port: candidate.port,
      endpoint: `${candidate.host}:${candidate.port}`,
    };
    try {
      const probe = await openProbe(replica, {
        ...config,
        connectTimeoutMs: Math.min(config.connectTimeoutMs, 2_000),
      });
      try {
        const info = parseInfo(String(await probe.info('replication')));
        if (info.role === 'slave' && info.master_link_status === 'up') {
          logger.info(
            { master: master.endpoint, replica: replica.endpoint },
            'reading from a replica of the source',
          );
          return replica;
        }
      } finally {
        probe.disconnect();
      }
    } catch {
      // not a usable replica: try the next one
    }
  }
  logger.warn({ source: master.endpoint }, 'preferReplica: no usable replica, reading from the master');
  return master;
}
