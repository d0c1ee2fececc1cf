import { inject, injectable } from 'tsyringe';
import type { Reader } from '../contracts/Reader.js';
import type { Writer } from '../contracts/Writer.js';
import type { Entry } from '../entry/Entry.js';
import { TOKENS } from '../tokens.js';
import type { PipelineOptions } from './PipelineOptions.js';

/**
 * Moves entries from the reader through the filters into the writer.
 *
 * Backpressure: the pipeline pulls one entry at a time and awaits the writer only when the
 * writer says it is full, so the reader never runs ahead of what the writer has room for.
 * Hot path: no allocation or timer work per entry; the heartbeat timer compares a counter.
 */
@injectable()
export class Pipeline {
  entriesIn = 0;
  filtered = 0;

  constructor(
    @inject(TOKENS.Reader) private readonly reader: Reader,
    @inject(TOKENS.Writer) private readonly writer: Writer,
    @inject(TOKENS.PipelineOptions) private readonly options: PipelineOptions,
  ) {}

  /** Runs until the reader ends (or the signal aborts), then waits for the writer to flush. */
  async run(signal: AbortSignal): Promise<void> {
    const heartbeat = this.startHeartbeat();
    try {
      if (this.reader.entryBatches) {
        for await (const batch of this.reader.entryBatches(signal)) {
          for (const entry of batch) {
            const pending = this.pass(entry);
            if (pending !== undefined) await pending;
            if (signal.aborted) break;
          }
          if (signal.aborted) break;
        }
      } else {
        for await (const entry of this.reader.entries(signal)) {
          const pending = this.pass(entry);
          if (pending !== undefined) await pending;
          if (signal.aborted) break;
        }
      }
      await this.writer.flush();
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** One entry through the filters to the writer; a promise only when the writer must make room. */
  private pass(entry: Entry): undefined | Promise<void> {
    this.entriesIn++;
    if (this.options.filters.length > 0) return this.writeFiltered(entry);
    return this.writer.write(entry);
  }

  private async writeFiltered(entry: Entry): Promise<void> {
    let batch: Entry[] = [entry];
    for (const filter of this.options.filters) {
      const next: Entry[] = [];
      for (const item of batch) {
        const out = filter.apply(item);
        if (out === null) continue;
        if (Array.isArray(out)) next.push(...out);
        else next.push(out);
      }
      batch = next;
      if (batch.length === 0) break;
    }
    if (batch.length === 0) {
      this.filtered++;
      return;
    }
    for (const item of batch) {
      const pending = this.writer.write(item);
      if (pending !== undefined) await pending;
    }
  }

  private startHeartbeat(): NodeJS.Timeout {
    let seen = -1;
    const timer = setInterval(() => {
      if (this.entriesIn === seen) this.writer.tick?.();
      seen = this.entriesIn;
    }, this.options.heartbeatMs);
    timer.unref();
    return timer;
  }
}
