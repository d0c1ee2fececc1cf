import type { Entry } from '../entry/Entry.js';
import type { ConnectionStatus } from '../status/ConnectionStatus.js';

export interface TargetInfo {
  /** Human description of the target, without secrets. */
  description: string;
  version?: string;
  /** Highest RDB version the target loads (DUMP payloads above it need commands). */
  rdbVersion?: number;
  /** The target's idle client `timeout` in seconds (0 = never); undefined when CONFIG is refused. */
  idleTimeout?: number;
}

export interface WriterStats {
  keys: number;
  entries: number;
  commands: number;
  keysByRestore: number;
  keysByCommands: number;
  functions: number;
  reconnects: number;
  replayed: number;
  skipped: number;
  warnings: string[];
}

/**
 * A writer applies entries to a target.
 *
 * `write` is the hot path: it returns `undefined` when it accepted the entry and has room for
 * more, or a promise that resolves once it has room again (backpressure). A rejected promise,
 * or an exception, is fatal for the run. `flush` resolves once every entry written so far has
 * been acknowledged by the target.
 */
export interface Writer {
  readonly name: string;
  connect(signal?: AbortSignal): Promise<TargetInfo>;
  write(entry: Entry): undefined | Promise<void>;
  /** The reader has produced nothing for a while (pipeline heartbeat). */
  tick?(): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): WriterStats;
  connections(): ConnectionStatus[];
}

export function emptyWriterStats(): WriterStats {
  return {
    keys: 0,
    entries: 0,
    commands: 0,
    keysByRestore: 0,
    keysByCommands: 0,
    functions: 0,
    reconnects: 0,
    replayed: 0,
    skipped: 0,
    warnings: [],
  };
}
