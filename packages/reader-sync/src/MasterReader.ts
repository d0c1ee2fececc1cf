import { type Entry, type Logger, SourceError } from '@redis-shuttle/core';
import { type RdbEvent, RdbParseError, RdbParser } from '@redis-shuttle/rdb-parser';
import { CommandStreamTranslator, GETACK } from './CommandStreamTranslator.js';
import { LagTracker } from './LagTracker.js';
import { SourceMonitor } from './SourceMonitor.js';
import { type RdbSegment, ReplicaLink, type StreamSegment } from './ReplicaLink.js';
import { sleep } from './replicationUtils.js';
import { RespCommandParser } from './RespCommandParser.js';
import { sourceConnectError } from './sourceErrors.js';
import { type SourceAddress } from './sourceUtils.js';
import type { SyncReaderConfig } from './SyncReaderConfig.js';

/** The state of one replication link (one master), in `SyncReaderProgress.links`. */
export interface LinkProgress {
  /** `host:port` of the master. */
  endpoint: string;
  phase: 'connecting' | 'full-sync' | 'stream' | 'done';
  /** The master's replication id. */
  replid: string;
  /** The master's `master_repl_offset` (polled every second), when known. */
  sourceOffset?: number;
  /** Master offset of the last byte received on the replication link. */
  receivedOffset: number;
  /** Master offset up to which the command stream has been handed to the pipeline (or handled: PING, SELECT, …). */
  yieldedOffset: number;
  /** Master offset of the last entry the writer accepted (the pipeline asked for the next one). */
  appliedOffset: number;
  /** Replication bytes the master has and the pipeline has not been given yet. */
  bytesBehind: number;
  /** How long ago the oldest byte not yet handed to the pipeline arrived (0 when caught up). */
  secondsBehind: number;
  bytesRead: number;
  entries: number;
  keys: number;
  rdbBytes: number;
  rdbSize?: number;
  /** Bytes spooled (memory and disk) not yet consumed. */
  spooledBytes: number;
  fullSyncs: number;
  partialSyncs: number;
  reconnects: number;
}

/** What the records of an RDB set for the keys after them. */
interface RdbState {
  db: number;
  rdbVersion: number;
}

/**
 * One replication link and what it yields: the RDB of each full sync (parsed as it is spooled),
 * then the command stream. Ends in snapshot mode once the stream is applied up to the master's
 * offset at the end of the transfer, in sync mode when the signal aborts.
 */
export class MasterReader {
  private link: ReplicaLink | undefined;
  private readonly monitor: SourceMonitor;
  private readonly lag = new LagTracker();
  private phase: LinkProgress['phase'] = 'connecting';
  private bytesIn = 0;
  private entriesOut = 0;
  private keysOut = 0;
  private yieldedOffset = -1;
  private appliedOffset = -1;
  /** The db the stream after the RDB starts in (`repl-stream-db` aux field). */
  private streamDb = 0;
  private closed = false;

  constructor(
    private source: SourceAddress,
    private readonly config: SyncReaderConfig,
    private readonly logger: Logger,
    private readonly resolveSource?: () => Promise<SourceAddress>,
  ) {
    this.monitor = new SourceMonitor(config, logger, () => {
      if (this.link) this.lag.sample(this.link.receivedOffset);
    });
  }

  /** `host:port` of the server this link reads (it changes after a Sentinel failover). */
  get endpoint(): string {
    return this.source.endpoint;
  }

  async *entries(signal: AbortSignal): AsyncGenerator<Entry> {
    for await (const batch of this.entryBatches(signal)) yield* batch;
  }

  /**
   * The same entries in groups: those of one chunk of the RDB or of the command stream, so the
   * pipeline pays one asynchronous step per chunk instead of one per entry (the command stream
   * is hundreds of thousands of small commands a second). A group holds at most one spool chunk's
   * entries (a socket read, or 1 MiB read back from the spool file).
   */
  async *entryBatches(signal: AbortSignal): AsyncGenerator<readonly Entry[]> {
    const link = this.link;
    if (!link) throw new Error('MasterReader.open() first');
    try {
      for (;;) {
        const segment = await link.nextSegment(signal);
        if (!segment) return;
        if (segment.kind === 'rdb') yield* this.readRdb(segment, signal);
        else if (yield* this.readStream(segment, signal)) return;
        if (signal.aborted) return;
      }
    } finally {
      this.phase = 'done';
      await this.close();
    }
  }

  /** Starts the replication link (AUTH, REPLCONF, PSYNC); throws a clear SourceError. */
  async open(): Promise<void> {
    const link = new ReplicaLink(this.source, this.config, this.logger, {
      onTransferEnd: (segment) => this.transferEnded(segment),
      ...(this.resolveSource
        ? {
            resolveSource: this.resolveSource,
            onSourceChange: (source: SourceAddress) => {
              this.source = source;
              this.monitor.start(source);
            },
          }
        : {}),
    });
    this.link = link;
    try {
      await link.start();
    } catch (error) {
      await link.close();
      throw sourceConnectError(error, this.source.endpoint, this.source.secrets);
    }
    this.monitor.start(this.source);
  }

  private async *readRdb(segment: RdbSegment, signal: AbortSignal): AsyncGenerator<readonly Entry[]> {
    this.phase = 'full-sync';
    const parser = new RdbParser({ mode: 'raw' });
    const state: RdbState = { db: 0, rdbVersion: 0 };
    try {
      for (;;) {
        const chunk = await segment.spool.read(signal);
        if (chunk === null) break;
        if (chunk.length === 0) continue;
        this.bytesIn += chunk.length;
        const batch = this.rdbEntries(parser.push(chunk), state);
        if (batch.length > 0) yield batch;
        // (only with maxPayloadBytes, unset here: a key decoded in bounded steps, one group each)
        for (let more = parser.pull(); more.length > 0; more = parser.pull()) {
          const next = this.rdbEntries(more, state);
          if (next.length > 0) yield next;
        }
        if (signal.aborted) return;
      }
      if (signal.aborted) return;
      const last = this.rdbEntries(parser.end(), state);
      if (last.length > 0) yield last;
    } catch (error) {
      if (signal.aborted) return;
      if (segment.spool.truncated) {
        this.logger.warn(
          { source: this.source.endpoint },
          'the RDB transfer was cut: the next full sync re-applies the snapshot',
        );
        return;
      }
      if (error instanceof RdbParseError)
        throw new SourceError(
          'E_SOURCE_FORMAT',
          `the RDB sent by the source ${this.source.endpoint}: ${error.message}`,
          {
            hint: error.hint,
            cause: error,
          },
        );
      throw error;
    } finally {
      segment.spool.close();
    }
  }

  /** The entries of a batch of RDB events (and the state they carry: db, RDB version, stream db). */
  private rdbEntries(events: readonly RdbEvent[], state: RdbState): Entry[] {
    const out: Entry[] = [];
    for (const event of events) {
      switch (event.kind) {
        case 'key':
          // An empty collection (newer parsers flag it): RESTORE refuses it, redis-server skips it on load.
          if ((event as { empty?: boolean }).empty) break;
          this.keysOut++;
          this.entriesOut++;
          out.push({
            kind: 'key',
            db: state.db,
            key: event.key,
            type: event.type,
            expireAtMs: event.expireAtMs,
            ...(event.idle !== undefined ? { idleSeconds: event.idle } : {}),
            ...(event.freq !== undefined ? { freq: event.freq } : {}),
            dump: { payload: event.payload!, rdbVersion: state.rdbVersion, rdbType: event.rdbType },
            complete: true,
            sourceOffset: event.offset,
          });
          break;
        case 'select-db':
          state.db = event.db;
          break;
        case 'header':
          state.rdbVersion = event.version;
          break;
        case 'aux':
          if (event.key === 'repl-stream-db') this.streamDb = Number(event.value.toString()) || 0;
          break;
        case 'function':
          this.entriesOut++;
          out.push({ kind: 'function', code: event.code });
          break;
        default:
          break;
      }
    }
    return out;
  }

  /**
   * Yields the command stream, the commands of each spool chunk as one group; true when the
   * reader is done (snapshot reached, or stopped).
   *
   * Hot path (every write on the source): the parser hands out sub-slices of the chunk, the
   * translator turns them into entries without copying, and the only asynchronous steps are the
   * spool read and the yield of each group.
   */
  private async *readStream(
    segment: StreamSegment,
    signal: AbortSignal,
  ): AsyncGenerator<readonly Entry[], boolean> {
    this.phase = 'stream';
    const parser = new RespCommandParser();
    const translator = new CommandStreamTranslator(this.streamDb);
    this.yieldedOffset = this.appliedOffset = segment.startOffset;
    const snapshot = this.config.mode === 'snapshot';
    try {
      for (;;) {
        let batch: Entry[] | undefined;
        for (let argv = parser.next(); argv !== null; argv = parser.next()) {
          segment.consumedOffset = segment.startOffset + parser.consumed;
          const entry = translator.accept(argv);
          if (entry === null) continue;
          if (entry === GETACK) this.link?.sendAck();
          else if (batch === undefined) batch = [entry];
          else batch.push(entry);
        }
        // Handed over up to here (PING, SELECT, REPLCONF are handled by then).
        this.yieldedOffset = segment.consumedOffset;
        if (batch !== undefined) {
          this.entriesOut += batch.length;
          yield batch;
        }
        // The pipeline asked for more: the writer accepted every entry of the group.
        this.appliedOffset = this.yieldedOffset;
        if (
          snapshot &&
          segment.stopOffset !== undefined &&
          segment.consumedOffset >= segment.stopOffset &&
          !translator.inTransaction
        ) {
          this.logger.info(
            { offset: segment.consumedOffset },
            'snapshot complete: the stream is applied up to the end of the transfer',
          );
          return true;
        }
        const chunk = await segment.spool.read(signal);
        if (chunk === null) {
          if (signal.aborted || this.closed) return true;
          if (parser.buffered > 0 || translator.inTransaction)
            this.logger.warn(
              { bytes: parser.buffered },
              'an incomplete command at the end of the abandoned stream was dropped',
            );
          return false;
        }
        this.bytesIn += chunk.length;
        parser.push(chunk);
      }
    } finally {
      segment.spool.close();
    }
  }

  /** Snapshot mode: the stream must be applied up to the offset the source has now. */
  private transferEnded(segment: StreamSegment): void {
    if (this.config.mode !== 'snapshot') return;
    void (async () => {
      while (!this.closed && segment.stopOffset === undefined) {
        let offset = await this.monitor.fetchOffset();
        if (offset === undefined && this.monitor.infoRefused) {
          // Without INFO, the stream the master buffered during the transfer arrives right after
          // the RDB: take what has arrived a second later.
          this.logger.warn(
            { source: this.endpoint },
            'the source refuses INFO to this user: snapshot mode stops at what arrived 1 s after the transfer (grant +info for an exact stop)',
          );
          await sleep(1_000);
          offset = this.link?.receivedOffset;
        }
        if (offset !== undefined) {
          segment.stopOffset = Math.max(offset, segment.startOffset);
          segment.spool.wake();
          this.logger.info({ offset }, 'snapshot: applying the stream up to this source offset');
          return;
        }
        await sleep(500);
      }
    })();
  }

  progress(): LinkProgress {
    const link = this.link;
    const received = link?.receivedOffset ?? -1;
    const sourceOffset = this.monitor.sourceOffset;
    const head = Math.max(sourceOffset ?? received, received);
    const streaming = this.phase === 'stream' || (this.phase === 'done' && this.yieldedOffset >= 0);
    const yielded = streaming ? this.yieldedOffset : -1;
    return {
      endpoint: this.endpoint,
      phase: this.phase,
      replid: link?.replid ?? '?',
      ...(sourceOffset !== undefined ? { sourceOffset } : {}),
      receivedOffset: received,
      yieldedOffset: yielded,
      appliedOffset: streaming ? this.appliedOffset : -1,
      bytesBehind: yielded >= 0 ? Math.max(0, head - yielded) : Math.max(0, head - (link ? received : 0)),
      secondsBehind: yielded >= 0 ? this.lag.secondsBehind(yielded, received) : 0,
      bytesRead: link?.bytesRead ?? 0,
      entries: this.entriesOut,
      keys: this.keysOut,
      rdbBytes: link?.rdbBytes ?? 0,
      ...(link?.rdbSize !== undefined ? { rdbSize: link.rdbSize } : {}),
      spooledBytes: link?.spooledBytes ?? 0,
      fullSyncs: link?.fullSyncs ?? 0,
      partialSyncs: link?.partialSyncs ?? 0,
      reconnects: link?.reconnects ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.monitor.stop();
    await this.link?.close();
  }
}
