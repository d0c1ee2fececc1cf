import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ShuttleError } from '@redis-shuttle/core';

export interface SpoolOptions {
  /** Directory of the spool file. */
  dir: string;
  /** Names the spool in messages and in the file name, e.g. `rdb` or `stream`. */
  label: string;
  /** Bytes kept in memory before spilling to the file (0: everything goes to the file). */
  memoryLimitBytes: number;
  /** Largest size of the file (0: until the disk is full). */
  maxFileBytes: number;
  /** Largest chunk handed to the reader from the file. */
  readChunkBytes?: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * A byte queue between the replication socket (writer side, at network speed, never waits)
 * and the consumer (reader side, pulled by the pipeline, as slow as the target).
 *
 * Bytes stay in memory while the consumer keeps up; past `memoryLimitBytes` they go to a spool
 * file the consumer tail-follows, until it has caught up again (then the file is truncated).
 * The file is unlinked as soon as it is created, so it disappears with the process whatever
 * happens; its space is given back on `close()`.
 * Appends are synchronous (`writeSync`, served by the page cache), so order is kept without
 * queues, and a full disk or `maxFileBytes` is reported at once.
 */
export class Spool {
  private readonly memory: Buffer[] = [];
  private memoryBytes = 0;
  private fd: number | undefined;
  private fileWritePos = 0;
  private fileReadPos = 0;
  private fileMode = false;
  private ended = false;
  private closed = false;
  private failure: Error | undefined;
  private waiter: (() => void) | undefined;
  /** True when the producer ended it before the data was complete (a lost link mid-RDB). */
  truncated = false;
  bytesIn = 0;
  bytesOut = 0;

  constructor(private readonly options: SpoolOptions) {}

  /** Bytes received and not yet read by the consumer. */
  get pendingBytes(): number {
    return this.bytesIn - this.bytesOut;
  }

  /** Bytes currently on disk. */
  get fileBytes(): number {
    return this.fileWritePos;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Adds bytes; throws (and fails the spool) when the file cannot take them. */
  append(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    if (this.ended || chunk.length === 0) return;
    this.bytesIn += chunk.length;
    if (!this.fileMode && this.memoryBytes + chunk.length <= this.options.memoryLimitBytes) {
      this.memory.push(chunk);
      this.memoryBytes += chunk.length;
    } else {
      this.fileMode = true;
      this.writeToFile(chunk);
    }
    this.wake();
  }

  /** No more bytes will come. `truncated`: the data stops before its natural end. */
  end(truncated = false): void {
    if (this.ended) return;
    this.ended = true;
    this.truncated = truncated;
    this.wake();
  }

  /** The consumer's next `read` throws this error. */
  fail(error: Error): void {
    this.failure ??= error;
    this.ended = true;
    this.wake();
  }

  /** Wakes a consumer waiting in `read` (it returns `EMPTY` so the caller can re-check its state). */
  wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /**
   * The next bytes, in order. Resolves to `null` once the spool has ended and is drained, or
   * when the signal aborts; to an empty buffer after `wake()` without new data.
   */
  async read(signal?: AbortSignal): Promise<Buffer | null> {
    if (this.failure) throw this.failure;
    if (signal?.aborted) return null;
    const chunk = this.take();
    if (chunk) return chunk;
    if (this.ended) return null;
    await this.waitForData(signal);
    if (this.failure) throw this.failure;
    if (signal?.aborted) return null;
    return this.take() ?? (this.ended ? null : EMPTY);
  }

  /** Closes and frees the file. */
  close(): void {
    this.closed = true;
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    this.memory.length = 0;
    this.memoryBytes = 0;
    this.ended = true;
    this.wake();
  }

  private take(): Buffer | undefined {
    const first = this.memory.shift();
    if (first) {
      this.memoryBytes -= first.length;
      this.bytesOut += first.length;
      return first;
    }
    if (!this.fileMode) return undefined;
    const available = this.fileWritePos - this.fileReadPos;
    if (available === 0) {
      this.rewindFile();
      return undefined;
    }
    const size = Math.min(available, this.options.readChunkBytes ?? 1024 * 1024);
    // A fresh buffer per read: the parsers hand out sub-slices of it.
    const chunk = Buffer.allocUnsafe(size);
    const n = readSync(this.fd!, chunk, 0, size, this.fileReadPos);
    this.fileReadPos += n;
    this.bytesOut += n;
    if (this.fileReadPos === this.fileWritePos) this.rewindFile();
    return n === size ? chunk : chunk.subarray(0, n);
  }

  /** Caught up with the file: start over in memory, give the disk space back. */
  private rewindFile(): void {
    this.fileMode = false;
    this.fileReadPos = 0;
    this.fileWritePos = 0;
    if (this.fd !== undefined) ftruncateSync(this.fd, 0);
  }

  private waitForData(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiter = undefined;
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }

  private writeToFile(chunk: Buffer): void {
    const max = this.options.maxFileBytes;
    if (max > 0 && this.fileWritePos + chunk.length > max) {
      throw this.failWith(
        `the ${this.options.label} spool reached spoolMaxBytes (${max} bytes) in ${this.options.dir}`,
      );
    }
    try {
      if (this.fd === undefined) this.fd = this.openFile();
      let written = 0;
      while (written < chunk.length) {
        written += writeSync(this.fd, chunk, written, chunk.length - written, this.fileWritePos + written);
      }
      this.fileWritePos += chunk.length;
    } catch (error) {
      if (error instanceof ShuttleError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOSPC' ? 'the disk is full' : (error as Error).message;
      throw this.failWith(
        `cannot write the ${this.options.label} spool in ${this.options.dir}: ${reason}`,
        error,
      );
    }
  }

  private openFile(): number {
    const path = join(
      this.options.dir,
      `redis-shuttle-${this.options.label}-${process.pid}-${randomBytes(4).toString('hex')}.spool`,
    );
    const fd = openSync(path, 'w+', 0o600);
    unlinkSync(path); // the space lives as long as the descriptor: nothing is left behind
    return fd;
  }

  private failWith(message: string, cause?: unknown): ShuttleError {
    const error = new ShuttleError('E_CONNECTION_LOST', message, {
      hint: 'the target applies the source writes more slowly than they come: give the spool more room (spoolDir on a bigger disk, a larger spoolMaxBytes) or make the target faster',
      cause,
    });
    this.fail(error);
    return error;
  }
}
