import type { Segment } from './ReplicaLink.js';
import { Spool } from './Spool.js';
import type { SyncReaderConfig } from './SyncReaderConfig.js';

/**
 * The segments of one replication link (RDB, stream, RDB again after a refused partial resync,
 * …) in order, from the socket side to the consumer; and the spools they live in.
 */
export class SegmentQueue {
  private readonly queue: Segment[] = [];
  private waiter: (() => void) | undefined;
  private spools: Spool[] = [];
  private failure: Error | undefined;
  private closed = false;

  constructor(private readonly config: SyncReaderConfig) {}

  /** A new spool: `memoryLimitBytes` 0 sends every byte to the file (the RDB). */
  newSpool(label: string, memoryLimitBytes: number): Spool {
    const spool = new Spool({
      dir: this.config.spoolDir,
      label,
      memoryLimitBytes,
      maxFileBytes: this.config.spoolMaxBytes,
    });
    this.spools.push(spool);
    return spool;
  }

  /** Spool bytes waiting for the consumer, in memory and on disk. */
  get spooledBytes(): number {
    this.spools = this.spools.filter((spool) => !spool.isClosed);
    let n = 0;
    for (const spool of this.spools) n += spool.pendingBytes;
    return n;
  }

  push(segment: Segment): void {
    this.queue.push(segment);
    this.wake();
  }

  /** The next segment, in order; null once closed or when the signal aborts. */
  async next(signal: AbortSignal): Promise<Segment | null> {
    for (;;) {
      const segment = this.queue.shift();
      if (segment) return segment;
      if (this.failure) throw this.failure;
      if (this.closed || signal.aborted) return null;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiter = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      });
    }
  }

  /** The consumer's next read (of the queue or of a spool) throws this error. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const spool of this.spools) spool.fail(error);
    this.wake();
  }

  close(): void {
    this.closed = true;
    for (const spool of this.spools) spool.close();
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
