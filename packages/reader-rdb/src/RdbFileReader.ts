import type { Readable } from 'node:stream';
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
import { parseRdb, RdbParseError } from '@redis-shuttle/rdb-parser';
import { RDB_READER_CONFIG, type RdbReaderConfig } from './RdbReaderConfig.js';
import { openSource } from './sourceUtils.js';

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
  private stream: Readable | undefined;
  private redisVersion: string | undefined;

  constructor(
    @inject(RDB_READER_CONFIG) private readonly config: RdbReaderConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.description = config.path === '-' ? 'standard input' : config.path;
  }

  async *entries(signal: AbortSignal): AsyncIterable<Entry> {
    const source = await openSource(this.config.path, this.config.readChunkBytes);
    this.stream = source.stream;
    const progress = this.progressState;
    progress.bytesTotal = source.size;
    let db = 0;
    let rdbVersion = 0;
    let chunkedKey: Buffer | null = null;
    try {
      for await (const event of parseRdb(this.countBytes(source.stream), {
        mode: 'raw',
        verifyChecksum: this.config.verifyChecksum,
        maxPayloadBytes: this.config.maxPayloadBytes,
      })) {
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
              db,
              key: event.key,
              type: event.type,
              expireAtMs: event.expireAtMs,
              ...(event.idle !== undefined ? { idleSeconds: event.idle } : {}),
              ...(event.freq !== undefined ? { freq: event.freq } : {}),
              complete: event.complete,
              sourceOffset: event.offset,
            };
            if (event.payload !== undefined)
              entry.dump = { payload: event.payload, rdbVersion, rdbType: event.rdbType };
            else entry.value = event.value!;
            chunkedKey = event.complete ? null : event.key;
            yield entry;
            break;
          }
          case 'value-chunk':
            progress.entries++;
            yield { kind: 'value-chunk', db, key: chunkedKey!, value: event.value, last: event.last };
            if (event.last) chunkedKey = null;
            break;
          case 'select-db':
            db = event.db;
            break;
          case 'header':
            rdbVersion = event.version;
            this.logger.info({ source: this.description, magic: event.magic, rdbVersion }, 'reading RDB');
            break;
          case 'aux':
            if (event.key === 'redis-ver' || event.key === 'valkey-ver')
              this.redisVersion = event.value.toString();
            break;
          case 'function':
            progress.entries++;
            yield { kind: 'function', code: event.code };
            break;
          case 'end':
            progress.phase = 'done';
            this.warnSkipped();
            break;
          default:
            break;
        }
        if (signal.aborted) return;
      }
    } catch (error) {
      throw this.sourceError(error);
    } finally {
      source.stream.destroy();
    }
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

  private async *countBytes(stream: Readable): AsyncIterable<Buffer> {
    const progress = this.progressState;
    for await (const chunk of stream) {
      progress.bytesRead += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
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
    this.stream?.destroy();
  }
}
