import type { Readable } from 'node:stream';
import {
  type Entry,
  inject,
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

/**
 * Reads an RDB file or standard input and yields one `key` entry per key (with its DUMP
 * payload), `function` entries for function libraries, in file order. Reading is pulled by
 * the pipeline, so a slow target slows the file reads, never the other way round.
 */
@injectable()
export class RdbFileReader implements Reader {
  readonly name = 'rdb';
  readonly description: string;
  private readonly progressState: ReaderProgress = { phase: 'rdb', bytesRead: 0, entries: 0, keys: 0 };
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
    try {
      for await (const event of parseRdb(this.countBytes(source.stream), {
        mode: 'raw',
        verifyChecksum: this.config.verifyChecksum,
      })) {
        switch (event.kind) {
          case 'key':
            progress.keys++;
            progress.entries++;
            yield {
              kind: 'key',
              db,
              key: event.key,
              type: event.type,
              expireAtMs: event.expireAtMs,
              ...(event.idle !== undefined ? { idleSeconds: event.idle } : {}),
              ...(event.freq !== undefined ? { freq: event.freq } : {}),
              dump: { payload: event.payload!, rdbVersion, rdbType: event.rdbType },
              complete: true,
              sourceOffset: event.offset,
            };
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

  progress(): ReaderProgress {
    return this.progressState;
  }

  async close(): Promise<void> {
    this.stream?.destroy();
  }
}
