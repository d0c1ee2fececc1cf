import { createReadStream, type ReadStream } from 'node:fs';
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
import { type RdbEvent, RdbParseError, RdbParser } from '@redis-shuttle/rdb-parser';
import type { AofFile } from './AofFile.js';
import { AOF_READER_CONFIG, type AofReaderConfig } from './AofReaderConfig.js';
import { AofCommandParser, type AofItem } from './AofCommandParser.js';
import { AofFormatError } from './AofFormatError.js';
import { CommandGrouper } from './CommandGrouper.js';
import { entryOfRdbEvent } from './rdbEntryUtils.js';
import { resolveAofFiles } from './sourceUtils.js';

/** Per file: the state Redis keeps in the fake client that replays it. */
interface FileState {
  file: AofFile;
  isLast: boolean;
  commands: CommandGrouper;
}

/**
 * Reads an AOF the way Redis loads it (`loadAppendOnlyFiles` in aof.c): a single file, or the base
 * and incr files of a Redis 7 manifest in order. An RDB part (a preamble, or an RDB base file)
 * becomes `key` and `function` entries; the RESP commands become `command` entries, MULTI…EXEC one
 * `transaction` entry, and SELECT sets the db of the entries after it.
 */
@injectable()
export class AofReader implements Reader {
  readonly name = 'aof';
  readonly description: string;
  /** Problems that did not stop the run (a truncated last command), for the summary. */
  readonly warnings: string[] = [];
  private readonly progressState: ReaderProgress = { phase: 'aof', bytesRead: 0, entries: 0, keys: 0 };
  private stream: ReadStream | undefined;
  private stopped = false;
  private timestamps = 0;

  constructor(
    @inject(AOF_READER_CONFIG) private readonly config: AofReaderConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.description = config.path;
  }

  async *entries(signal: AbortSignal): AsyncIterable<Entry> {
    const { files, manifest } = await resolveAofFiles(this.config.path);
    this.progressState.bytesTotal = files.reduce((n, f) => n + f.size, 0);
    this.logger.info(
      {
        source: this.description,
        manifest,
        files: files.map((f) => `${f.role} ${f.path}`),
        until: this.config.until,
      },
      'reading AOF',
    );
    for (let i = 0; i < files.length && !this.stopped && !signal.aborted; i++) {
      yield* this.readFile(files[i]!, i === files.length - 1, signal);
    }
    if (this.config.until !== undefined && this.timestamps === 0) {
      this.warn(
        { source: this.description, until: this.config.until },
        `"until" had no effect: the AOF holds no #TS: annotations (Redis writes them with aof-timestamp-enabled yes)`,
      );
    }
    this.progressState.phase = 'done';
  }

  private async *readFile(file: AofFile, isLast: boolean, signal: AbortSignal): AsyncGenerator<Entry> {
    const stream = createReadStream(file.path, { highWaterMark: this.config.readChunkBytes });
    this.stream = stream;
    const state: FileState = { file, isLast, commands: new CommandGrouper() };
    let head: Buffer = Buffer.alloc(0);
    let rdb: RdbParser | undefined;
    let rdbVersion = 0;
    let rdbFed = 0;
    let resp: AofCommandParser | undefined;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.progressState.bytesRead += chunk.length;
        let data = chunk;
        if (!rdb && !resp) {
          head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
          const kind = sniff(head, false);
          if (kind === undefined) continue;
          if (kind === 'rdb')
            rdb = new RdbParser({ mode: 'raw', verifyChecksum: this.config.verifyChecksum });
          else resp = new AofCommandParser(0);
          data = head;
        }
        if (rdb) {
          const events = this.rdbStep(file, () => rdb!.push(data));
          let rest: Buffer | undefined;
          for (const event of events) {
            if (event.kind === 'header') rdbVersion = event.version;
            else if (event.kind === 'end') rest = data.subarray(rdb.bytesConsumed - rdbFed);
            const entry = this.rdbEntry(event, rdbVersion);
            if (entry) yield entry;
          }
          rdbFed += data.length;
          if (rest === undefined) continue;
          this.logger.debug(
            { file: file.path, offset: rdb.bytesConsumed },
            'RDB part read, reading the commands after it',
          );
          resp = new AofCommandParser(rdb.bytesConsumed);
          rdb = undefined;
          data = rest;
        }
        for (const item of this.respStep(file, () => resp!.push(data))) {
          yield* this.onItem(item, state);
          if (this.stopped) return;
        }
        if (signal.aborted) return;
      }
      if (!rdb && !resp && head.length > 0) {
        if (sniff(head, true) === 'rdb') {
          throw new SourceError(
            'E_SOURCE_FORMAT',
            `the AOF file "${file.path}" is truncated at byte ${head.length}: inside the RDB preamble header`,
          );
        }
        resp = new AofCommandParser(0);
        for (const item of this.respStep(file, () => resp!.push(head))) {
          yield* this.onItem(item, state);
          if (this.stopped) return;
        }
      }
      if (rdb) {
        for (const event of this.rdbStep(file, () => rdb!.end())) {
          const entry = this.rdbEntry(event, rdbVersion);
          if (entry) yield entry;
        }
        return;
      }
      if (resp && resp.buffered > 0) {
        this.truncated(
          state,
          resp.offset,
          `the command at byte ${resp.offset} is incomplete (${resp.buffered} bytes)`,
        );
      } else {
        const multi = state.commands.openTransactionOffset;
        if (multi !== undefined) this.truncated(state, multi, `MULTI at byte ${multi} has no EXEC`);
      }
    } finally {
      stream.destroy();
    }
  }

  private *onItem(item: AofItem, state: FileState): Generator<Entry> {
    if (item.kind === 'annotation') {
      if (!item.text.startsWith('TS:')) return;
      this.timestamps++;
      const until = this.config.until;
      if (until === undefined) return;
      const text = item.text.slice(3);
      if (!/^[0-9]+$/.test(text)) {
        throw this.formatError(
          state.file,
          item.offset,
          `invalid timestamp annotation ${JSON.stringify(item.text)}`,
        );
      }
      if (Number(text) <= until) return;
      this.stopped = true;
      this.logger.info(
        {
          file: state.file.path,
          offset: item.offset,
          timestamp: Number(text),
          until,
          laterFilesSkipped: !state.isLast,
        },
        `stopping at byte ${item.offset} of ${state.file.path}: the commands after it were written after "until"`,
      );
      return;
    }
    let entry: Entry | undefined;
    try {
      entry = state.commands.accept(item.argv, item.offset);
    } catch (error) {
      if (!(error instanceof AofFormatError)) throw error;
      throw this.formatError(state.file, error.offset, error.message, error);
    }
    if (!entry) return;
    this.progressState.entries++;
    yield entry;
  }

  private rdbEntry(event: RdbEvent, rdbVersion: number): Entry | undefined {
    const entry = entryOfRdbEvent(event, rdbVersion);
    if (entry) this.progressState.entries++;
    if (entry?.kind === 'key') this.progressState.keys++;
    return entry;
  }

  private rdbStep<T>(file: AofFile, step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof RdbParseError)) throw error;
      throw new SourceError('E_SOURCE_FORMAT', `the AOF file "${file.path}": RDB part: ${error.message}`, {
        hint:
          error.hint ??
          'the RDB part of an AOF cannot be truncated or repaired; restore the file from a backup',
        cause: error,
      });
    }
  }

  private respStep(file: AofFile, step: () => AofItem[]): AofItem[] {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof AofFormatError)) throw error;
      throw this.formatError(file, error.offset, error.message, error);
    }
  }

  private formatError(file: AofFile, offset: number, message: string, cause?: unknown): SourceError {
    const text = message.includes(`byte ${offset}`) ? message : `${message} at byte ${offset}`;
    return new SourceError('E_SOURCE_FORMAT', `the AOF file "${file.path}" is corrupt: ${text}`, {
      hint: 'inspect it with redis-check-aof; --fix truncates it before the first bad command',
      cause,
    });
  }

  private truncated(state: FileState, offset: number, why: string): void {
    const path = state.file.path;
    if (state.isLast && this.config.loadTruncated) {
      this.warn(
        { file: path, offset },
        `the AOF file "${path}" is truncated at byte ${offset}: ${why}; loaded up to the last complete command (like aof-load-truncated yes)`,
      );
      return;
    }
    throw new SourceError(
      'E_SOURCE_FORMAT',
      `the AOF file "${path}" is truncated at byte ${offset}: ${why}`,
      {
        hint: state.isLast
          ? 'set loadTruncated to load up to the last complete command (like aof-load-truncated yes), or repair it with redis-check-aof --fix'
          : 'only the last file of a multi-part AOF may be truncated; restore this one or repair it with redis-check-aof',
      },
    );
  }

  private warn(fields: object, message: string): void {
    this.warnings.push(message);
    this.logger.warn(fields, message);
  }

  progress(): ReaderProgress {
    return { ...this.progressState, warnings: this.warnings };
  }

  async close(): Promise<void> {
    this.stream?.destroy();
  }
}

/** 'rdb' when the file starts with an RDB magic (a preamble or an RDB base), 'resp' otherwise. */
function sniff(head: Buffer, atEnd: boolean): 'rdb' | 'resp' | undefined {
  const text = head.toString('latin1', 0, Math.min(head.length, 6));
  if (text.startsWith('REDIS') || text.startsWith('VALKEY')) return 'rdb';
  if ('VALKEY'.startsWith(text) || 'REDIS'.startsWith(text))
    return atEnd ? (text.length > 0 ? 'rdb' : 'resp') : undefined;
  return 'resp';
}
