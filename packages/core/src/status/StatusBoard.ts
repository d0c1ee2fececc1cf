import type { Reader } from '../contracts/Reader.js';
import type { Writer } from '../contracts/Writer.js';
import type { RunSummary } from './RunSummary.js';

/**
 * Builds the run's status from its parts on demand (nothing is copied on the hot path):
 * the progress display, `/status` and the final summary all read `snapshot()`.
 */
export class StatusBoard {
  private readonly startedAt = Date.now();
  private endedAt: number | undefined;
  private state: RunSummary['status'] = 'running';
  private error: RunSummary['error'];
  private readonly warnings: string[] = [];

  constructor(
    private readonly reader: Reader,
    private readonly writer: Writer,
    private readonly pipeline: { readonly filtered: number },
    private readonly targetDescription: () => string,
  ) {}

  /** A warning for the user that belongs to the run rather than to a plugin. */
  warn(message: string): void {
    this.warnings.push(message);
  }

  finish(state: Exclude<RunSummary['status'], 'running'>, error?: { code: string; message: string }): void {
    this.state = state;
    this.error = error;
    this.endedAt = Date.now();
  }

  snapshot(): RunSummary {
    const reader = this.reader.progress();
    const writer = this.writer.stats();
    const connections = this.writer.connections();
    return {
      status: this.state,
      source: this.reader.description,
      target: this.targetDescription(),
      keys: writer.keys,
      entries: reader.entries,
      filtered: this.pipeline.filtered,
      reconnects: writer.reconnects,
      replayed: writer.replayed,
      pingsSent: connections.reduce((sum, c) => sum + c.pingsSent, 0),
      seconds: ((this.endedAt ?? Date.now()) - this.startedAt) / 1000,
      bytesRead: reader.bytesRead,
      keysByRestore: writer.keysByRestore,
      keysByCommands: writer.keysByCommands,
      functions: writer.functions,
      skipped: writer.skipped,
      warnings: [...this.warnings, ...(reader.warnings ?? []), ...writer.warnings],
      reader,
      writer,
      connections,
      ...(this.error ? { error: this.error } : {}),
    };
  }
}
