import type { Filter } from '../contracts/Filter.js';

export interface PipelineOptions {
  /**
   * When the reader has produced nothing for this long, the pipeline calls `writer.tick()`
   * (keepalive strategies without a timer of their own act on it). Default 1000 ms.
   */
  heartbeatMs: number;
  /** Filters, in order. */
  filters: Filter[];
}

export const defaultPipelineOptions: PipelineOptions = { heartbeatMs: 1000, filters: [] };
