import { type FileHandle, open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type ConnectionStatus,
  type Entry,
  emptyWriterStats,
  inject,
  injectable,
  type Logger,
  type TargetInfo,
  TargetError,
  TOKENS,
  type Writer,
  type WriterStats,
} from '@redis-shuttle/core';
import { JSONL_WRITER_CONFIG, type JsonlWriterConfig } from './JsonlWriterConfig.js';
import * as jsonlUtils from './jsonlUtils.js';

/** Lines are gathered into chunks of about this many characters before a file write. */
const CHUNK_CHARS = 256 * 1024;
/** Bytes handed to the file but not yet written before `write` makes the pipeline wait. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

/**
 * Writes every entry as one JSON line (see jsonlUtils) to a file, truncating it on connect.
 * `flush` writes what is buffered and fsyncs, so once it resolves the lines are on disk.
 * A failed write is fatal: the writer then refuses entries.
 */
@injectable()
export class JsonlWriter implements Writer {
  readonly name = 'jsonl';
  private readonly path: string;
  private readonly counters = emptyWriterStats();
  private handle: FileHandle | undefined;
  private chunk: string[] = [];
  private chunkChars = 0;
  private chunkLines = 0;
  /** The chain of file writes; each one waits for the previous. */
  private writing: Promise<void> = Promise.resolve();
  private pendingBytes = 0;
  private pendingLines = 0;
  private lastWriteAt = Date.now();
  private fatal: TargetError | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    @inject(JSONL_WRITER_CONFIG) config: JsonlWriterConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.path = config.url.startsWith('file://') ? fileURLToPath(config.url) : config.url;
  }

  async connect(): Promise<TargetInfo> {
    try {
      this.handle = await open(this.path, 'w');
    } catch (error) {
      throw new TargetError('E_TARGET_UNREACHABLE', `cannot open ${this.path}: ${(error as Error).message}`, {
        hint: 'check that the directory exists and that you may write there',
        cause: error,
      });
    }
    this.logger.info({ target: this.path }, 'writing JSON lines');
    return { description: `JSON lines file ${this.path}` };
  }

  // Hot path: one call per entry.
  write(entry: Entry): undefined | Promise<void> {
    if (this.fatal) throw this.fatal;
    if (!this.handle || this.closing)
      throw new TargetError('E_INTERNAL', 'write() before connect() or after close()');
    const line = jsonlUtils.encodeEntry(entry);
    this.count(entry);
    this.chunk.push(line);
    this.chunkChars += line.length;
    this.chunkLines++;
    if (this.chunkChars >= CHUNK_CHARS) this.writeChunk();
    if (this.pendingBytes < MAX_PENDING_BYTES) return undefined;
    return this.writing.then(() => this.throwIfFailed());
  }

  async flush(): Promise<void> {
    this.throwIfFailed();
    this.writeChunk();
    await this.writing;
    this.throwIfFailed();
    try {
      await this.handle?.sync();
    } catch (error) {
      this.fail(error);
      this.throwIfFailed();
    }
  }

  /** Writes what is buffered (errors ignored: close releases, flush reports), then closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.fatal) this.writeChunk();
      await this.writing;
      await this.handle?.close().catch(() => undefined);
      this.handle = undefined;
    })();
    return this.closing;
  }

  stats(): WriterStats {
    return { ...this.counters, warnings: [...this.counters.warnings] };
  }

  connections(): ConnectionStatus[] {
    const state = this.fatal ? 'failed' : this.closing ? 'closed' : this.handle ? 'connected' : 'connecting';
    return [
      {
        id: 'target#0',
        role: 'target',
        endpoint: this.path,
        state,
        idleMs: Date.now() - this.lastWriteAt,
        inFlight: this.chunkLines + this.pendingLines,
        reconnects: 0,
        replayed: 0,
        keepalive: [],
        pingsSent: 0,
        ...(this.fatal ? { lastError: this.fatal.message } : {}),
      },
    ];
  }

  private count(entry: Entry): void {
    this.counters.entries++;
    if (entry.kind === 'key') {
      this.counters.keys++;
      this.counters.keysByCommands++;
    } else if (entry.kind === 'function') this.counters.functions++;
    else if (entry.kind !== 'value-chunk') this.counters.commands++;
  }

  /** Hands the buffered lines to the chain of file writes. */
  private writeChunk(): void {
    const handle = this.handle;
    if (this.chunkLines === 0 || !handle) return;
    const data = Buffer.from(this.chunk.join(''), 'utf8');
    const lines = this.chunkLines;
    this.chunk = [];
    this.chunkChars = 0;
    this.chunkLines = 0;
    this.pendingBytes += data.length;
    this.pendingLines += lines;
    this.writing = this.writing.then(async () => {
      try {
        if (!this.fatal) await writeFully(handle, data);
        this.lastWriteAt = Date.now();
      } catch (error) {
        this.fail(error);
      } finally {
        this.pendingBytes -= data.length;
        this.pendingLines -= lines;
      }
    });
  }

  private fail(error: unknown): void {
    if (this.fatal) return;
    this.fatal = new TargetError(
      'E_TARGET_REJECTED',
      `cannot write to ${this.path}: ${(error as Error).message}`,
      {
        hint: 'check the free space and permissions of the target file system',
        cause: error,
      },
    );
    this.logger.error({ target: this.path, err: this.fatal.message }, 'writing failed');
  }

  private throwIfFailed(): void {
    if (this.fatal) throw this.fatal;
  }
}

async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length; ) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}
