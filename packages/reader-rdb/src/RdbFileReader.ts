import {
  type Entry,
  inject,
  type KeyEntry,
  injectable,
  type Logger,
  type Reader,
  type ReaderProgress,
  SourceError,
  TOKENS,
} from '@redis-shuttle/core';
import { RdbParseError, RdbParser, type RdbEvent } from '@redis-shuttle/rdb-parser';
import { RDB_READER_CONFIG, type RdbReaderConfig } from './RdbReaderConfig.js';
import { type OpenedSource, openSource } from './sourceUtils.js';

/** Progress, plus the keys left out because their value holds no element. */
export interface RdbReaderProgress extends ReaderProgress {
  skipped: number;
}

/** How many skipped keys the warning names. */
const NAMED_SKIPPED_KEYS = 5;

/**
 * Reads an RDB file or standard input and yields one `key` entry per key (with its DUMP
 * payload), `function` entries for function libraries, in file order. Reading is pulled by
 * the pipeline, so a slow target slows the file reads, never the other way round.
 *
 * A key whose value is bigger than `maxPayloadBytes` comes decoded instead: a `key` entry with
 * the first chunk (`value`, `complete: false`) and `value-chunk` entries with the rest. Keys
 * whose value holds no element are skipped, as redis-server does when it loads the file.
 */
@injectable()
export class RdbFileReader implements Reader {
  readonly name = 'rdb';
  readonly description: string;
  private readonly progressState: RdbReaderProgress = {
    phase: 'rdb',
    bytesRead: 0,
    entries: 0,
    keys: 0,
    skipped: 0,
  };
  private readonly skippedKeys: string[] = [];
  private source: OpenedSource | undefined;
  private redisVersion: string | undefined;

  constructor(
    @inject(RDB_READER_CONFIG) private readonly config: RdbReaderConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.description = config.path === '-' ? 'standard input' : config.path;
  }

  async *entries(signal: AbortSignal): AsyncIterable<Entry> {
    for await (const batch of this.entryBatches(signal)) yield* batch;
  }

  /**
   * The entries of each chunk of the file as one group: the parser is synchronous, so the only
   * asynchronous step is the file read. A group holds at most one chunk's keys (readChunkBytes).
   */
  async *entryBatches(signal: AbortSignal): AsyncIterable<readonly Entry[]> {
    const source = await openSource(this.config.path, this.config.readChunkBytes);
    this.source = source;
    const progress = this.progressState;
    progress.bytesTotal = source.size;
    const parser = new RdbParser({
      mode: 'raw',
      verifyChecksum: this.config.verifyChecksum,
      maxPayloadBytes: this.config.maxPayloadBytes,
    });
    try {
      for await (const chunk of source.chunks) {
        progress.bytesRead += chunk.length;
        const batch = this.toEntries(parser.push(chunk));
        if (batch.length > 0) yield batch;
        // a key decoded because of maxPayloadBytes comes in bounded steps: hand each over first
        for (let more = parser.pull(); more.length > 0; more = parser.pull()) {
          const next = this.toEntries(more);
          if (next.length > 0) yield next;
          if (signal.aborted) return;
        }
        if (signal.aborted) return;
      }
      const last = this.toEntries(parser.end());
      if (last.length > 0) yield last;
    } catch (error) {
      throw this.sourceError(error);
    } finally {
      source.close();
    }
  }

  private db = 0;
  private rdbVersion = 0;
  private chunkedKey: Buffer | null = null;

  /** Turns parser events into entries (and reader state: db, version, progress). */
  private toEntries(events: readonly RdbEvent[]): Entry[] {
    const out: Entry[] = [];
    const progress = this.progressState;
    for (const event of events) {
      switch (event.kind) {
        case 'key': {
          if (event.empty) {
            this.skipEmptyKey(event.key);
            break;
          }
          progress.keys++;
          progress.entries++;
          const entry: KeyEntry = {
            kind: 'key',
            db: this.db,
            key: event.key,
            type: event.type,
            expireAtMs: event.expireAtMs,
            complete: event.complete,
            sourceOffset: event.offset,
          };
          if (event.idle !== undefined) entry.idleSeconds = event.idle;
          if (event.freq !== undefined) entry.freq = event.freq;
          if (event.payload !== undefined)
            entry.dump = { payload: event.payload, rdbVersion: this.rdbVersion, rdbType: event.rdbType };
          else entry.value = event.value!;
          this.chunkedKey = event.complete ? null : event.key;
          out.push(entry);
          break;
        }
        case 'value-chunk':
          progress.entries++;
          out.push({
            kind: 'value-chunk',
            db: this.db,
            key: this.chunkedKey!,
            value: event.value,
            last: event.last,
          });
          if (event.last) this.chunkedKey = null;
          break;
        case 'select-db':
          this.db = event.db;
          break;
        case 'header':
          this.rdbVersion = event.version;
          this.logger.info(
            { source: this.description, magic: event.magic, rdbVersion: event.version },
            'reading RDB',
          );
          break;
        case 'aux':
          if (event.key === 'redis-ver' || event.key === 'valkey-ver')
            this.redisVersion = event.value.toString();
          break;
        case 'function':
          progress.entries++;
          out.push({ kind: 'function', code: event.code });
          break;
        case 'end':
          progress.phase = 'done';
          this.warnSkipped();
          break;
        default:
          break;
      }
    }
    return out;
  }

  private skipEmptyKey(key: Buffer): void {
    this.progressState.skipped++;
    if (this.skippedKeys.length < NAMED_SKIPPED_KEYS) this.skippedKeys.push(key.toString('latin1'));
  }

  private warnSkipped(): void {
    const skipped = this.progressState.skipped;
    if (skipped === 0) return;
    this.logger.warn(
      { source: this.description, skipped, keys: this.skippedKeys },
      `${skipped} empty key${skipped === 1 ? '' : 's'} skipped, as redis-server does on load (${this.skippedKeys.join(', ')}${skipped > this.skippedKeys.length ? ', ...' : ''})`,
    );
  }

  private sourceError(error: unknown): unknown {
    if (!(error instanceof RdbParseError)) return error;
    const written = this.redisVersion ? ` (written by Redis ${this.redisVersion})` : '';
    return new SourceError('E_SOURCE_FORMAT', `${this.description}${written}: ${error.message}`, {
      hint: error.hint,
      cause: error,
    });
  }

  progress(): RdbReaderProgress {
    return this.progressState;
  }

  async close(): Promise<void> {
    this.source?.close();
  }
}
