import type { Entry } from '../entry/Entry.js';

export interface ReaderProgress {
  /** e.g. 'rdb', 'stream', 'scan', 'done' */
  phase: string;
  bytesRead: number;
  /** Total bytes when known (a file), undefined for a pipe. */
  bytesTotal?: number;
  entries: number;
  keys: number;
  /** What the user should know about the source (e.g. a truncated AOF tail, skipped empty keys). */
  warnings?: string[];
}

/**
 * A reader produces entries in source order. Iteration pulls: a reader must not read
 * unboundedly ahead of its consumer (that is the pipeline's backpressure).
 */
export interface Reader {
  readonly name: string;
  /** Human description of the source, without secrets. */
  readonly description: string;
  entries(signal: AbortSignal): AsyncIterable<Entry>;
  /**
   * Optional, for throughput: the same entries in the same order, in groups (e.g. the entries of one
   * chunk of input), so the consumer pays one asynchronous step per group instead of one per entry.
   * A group must stay small (bounded by the reader's input chunk), since the pipeline holds one while
   * the writer makes room. The pipeline uses this when present, `entries` otherwise.
   */
  entryBatches?(signal: AbortSignal): AsyncIterable<readonly Entry[]>;
  progress(): ReaderProgress;
  close(): Promise<void>;
}
