import {
  type Entry,
  inject,
  injectable,
  type Logger,
  type Reader,
  type ReaderProgress,
  TOKENS,
} from '@redis-shuttle/core';
import { parseClusterMasters, parseClusterReplicas } from './clusterUtils.js';
import { type LinkProgress, MasterReader } from './MasterReader.js';
import { mergeIterators } from './mergeUtils.js';
import { parseInfoReplicas, preferReplica } from './replicaUtils.js';
import { resolveSentinelMaster } from './sentinelUtils.js';
import { clusterSourceError, sourceConnectError } from './sourceErrors.js';
import { openProbe, parseInfo, parseSource, type SourceAddress } from './sourceUtils.js';
import { SYNC_READER_CONFIG, type SyncReaderConfig } from './SyncReaderConfig.js';
import type { Redis } from 'ioredis';

export interface SyncReaderProgress extends ReaderProgress {
  /** The furthest-behind link's phase: 'connecting', 'full-sync', 'stream', 'done'. */
  phase: LinkProgress['phase'];
  /** Standalone source: its link's offsets. Cluster: -1 (see `links`). */
  sourceOffset?: number;
  receivedOffset: number;
  yieldedOffset: number;
  appliedOffset: number;
  /** Summed over the links. */
  bytesBehind: number;
  /** The largest over the links. */
  secondsBehind: number;
  spooledBytes: number;
  fullSyncs: number;
  partialSyncs: number;
  reconnects: number;
  /** One per replication link (one per master of a cluster source). */
  links: LinkProgress[];
}

const PHASE_ORDER: Array<LinkProgress['phase']> = ['connecting', 'full-sync', 'stream', 'done'];

/**
 * Reads a live source over the replication protocol, as a replica: a full sync (the RDB,
 * spooled to disk at network speed and parsed behind it), then the command stream, spooled
 * when the target lags. `sync` mode follows the source until the run is stopped; `snapshot`
 * mode ends once the stream is applied up to the source's offset at the end of the transfer.
 * A cluster source gets one replication link per master, read in parallel.
 */
@injectable()
export class SyncReader implements Reader {
  readonly name = 'sync';
  readonly description: string;
  private readonly source: SourceAddress;
  private masters: MasterReader[] = [];
  private done = false;

  constructor(
    @inject(SYNC_READER_CONFIG) private readonly config: SyncReaderConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.source = parseSource(config);
    const via = config.sentinelMaster ? `Sentinel master "${config.sentinelMaster}", ` : '';
    this.description = `${this.source.tls ? 'rediss' : 'redis'}://${this.source.endpoint} (${via}replication, ${config.mode})`;
  }

  async *entries(signal: AbortSignal): AsyncIterable<Entry> {
    for await (const batch of this.entryBatches(signal)) yield* batch;
  }

  /** The entries in groups (one spool chunk's each), which the pipeline prefers: see MasterReader. */
  async *entryBatches(signal: AbortSignal): AsyncIterable<readonly Entry[]> {
    const masters = await this.open();
    try {
      if (masters.length === 1) yield* masters[0]!.entryBatches(signal);
      else yield* onceEachFunction(mergeIterators(masters.map((master) => master.entryBatches(signal))));
    } finally {
      this.done = true;
      await this.close();
    }
  }

  /** Checks the source (reachable, credentials), finds its masters, starts one link per master. */
  private async open(): Promise<MasterReader[]> {
    const sentinel = this.config.sentinelMaster ? this.source : undefined;
    const resolve = sentinel ? () => resolveSentinelMaster(sentinel, this.config) : undefined;
    const master = resolve ? await resolve() : this.source;
    if (sentinel)
      this.logger.info(
        { sentinel: sentinel.endpoint, master: master.endpoint },
        'the Sentinel names the master',
      );
    const { endpoint, secrets } = master;
    let sources: SourceAddress[] = [master];
    let version = '?';
    const probe = await openProbe(master, this.config).catch((error: unknown) => {
      throw sourceConnectError(error, endpoint, secrets);
    });
    try {
      const info = await probeInfo(probe, this.logger, endpoint);
      version = info.redis_version ?? info.valkey_version ?? '?';
      if (info.cluster_enabled === '1') {
        if (!this.config.cluster) throw clusterSourceError(endpoint);
        const nodes = String(await probe.call('CLUSTER', 'NODES'));
        const masters = parseClusterMasters(nodes);
        if (masters.length === 0) throw clusterSourceError(endpoint);
        sources = masters.map((m) => ({
          ...master,
          host: m.host,
          port: m.port,
          endpoint: `${m.host}:${m.port}`,
        }));
        if (this.config.preferReplica)
          sources = await Promise.all(
            sources.map((master, i) =>
              preferReplica(master, parseClusterReplicas(nodes, masters[i]!.id), this.config, this.logger),
            ),
          );
        this.logger.info(
          { source: endpoint, masters: sources.map((s) => s.endpoint) },
          'cluster source: one replication link per master',
        );
      } else if (this.config.preferReplica && info.role === 'master') {
        sources = [await preferReplica(master, parseInfoReplicas(info), this.config, this.logger)];
      }
    } catch (error) {
      throw sourceConnectError(error, endpoint, secrets);
    } finally {
      probe.disconnect();
    }
    // Sentinel: a standalone master read directly follows failovers.
    const follow = resolve && sources.length === 1 && sources[0] === master ? resolve : undefined;
    this.masters = sources.map((source) => new MasterReader(source, this.config, this.logger, follow));
    try {
      await Promise.all(this.masters.map((master) => master.open()));
    } catch (error) {
      await this.close();
      throw error;
    }
    this.logger.info(
      { source: endpoint, version, mode: this.config.mode, links: sources.length },
      'replicating from the source',
    );
    return this.masters;
  }

  progress(): SyncReaderProgress {
    const links = this.masters.map((master) => master.progress());
    const single = links.length === 1 ? links[0] : undefined;
    const phase = this.done
      ? 'done'
      : links.length === 0
        ? 'connecting'
        : links.reduce(
            (min, l) => (PHASE_ORDER.indexOf(l.phase) < PHASE_ORDER.indexOf(min) ? l.phase : min),
            links[0]!.phase,
          );
    const sum = (pick: (l: LinkProgress) => number) => links.reduce((n, l) => n + pick(l), 0);
    const fullSync = links.filter((l) => l.rdbSize !== undefined);
    return {
      phase,
      bytesRead: sum((l) => l.bytesRead),
      ...(phase === 'full-sync' && fullSync.length === links.length
        ? { bytesTotal: sum((l) => l.rdbSize ?? 0) }
        : {}),
      entries: sum((l) => l.entries),
      keys: sum((l) => l.keys),
      ...(single?.sourceOffset !== undefined ? { sourceOffset: single.sourceOffset } : {}),
      receivedOffset: single?.receivedOffset ?? -1,
      yieldedOffset: single?.yieldedOffset ?? -1,
      appliedOffset: single?.appliedOffset ?? -1,
      bytesBehind: sum((l) => l.bytesBehind),
      secondsBehind: links.reduce((n, l) => Math.max(n, l.secondsBehind), 0),
      spooledBytes: sum((l) => l.spooledBytes),
      fullSyncs: sum((l) => l.fullSyncs),
      partialSyncs: sum((l) => l.partialSyncs),
      reconnects: sum((l) => l.reconnects),
      links,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.masters.map((master) => master.close()));
  }
}

/** INFO, or nothing when the user may not run it (then the source is taken as standalone). */
async function probeInfo(probe: Redis, logger: Logger, endpoint: string): Promise<Record<string, string>> {
  try {
    return parseInfo(String(await probe.info()));
  } catch (error) {
    if (!/NOPERM/i.test((error as Error).message)) throw error;
    logger.warn(
      { source: endpoint },
      'this user may not run INFO: the source is taken as a standalone server (grant +info to detect a cluster and to see the source offset)',
    );
    return {};
  }
}

/** Every master of a cluster has the same function libraries: pass each library on once. */
async function* onceEachFunction(batches: AsyncIterable<readonly Entry[]>): AsyncGenerator<readonly Entry[]> {
  const seen = new Set<string>();
  for await (const batch of batches) {
    if (!batch.some((entry) => entry.kind === 'function')) {
      yield batch;
      continue;
    }
    const kept = batch.filter((entry) => {
      if (entry.kind !== 'function') return true;
      const code = entry.code.toString('latin1');
      if (seen.has(code)) return false;
      seen.add(code);
      return true;
    });
    if (kept.length > 0) yield kept;
  }
}
