import type { ReaderProgress } from '../contracts/Reader.js';
import type { WriterStats } from '../contracts/Writer.js';
import type { ConnectionStatus } from './ConnectionStatus.js';

/** The final (and live) account of a run; the CLI's `--json` prints it. */
export interface RunSummary {
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  source: string;
  target: string;
  keys: number;
  entries: number;
  filtered: number;
  reconnects: number;
  replayed: number;
  pingsSent: number;
  seconds: number;
  bytesRead: number;
  keysByRestore: number;
  keysByCommands: number;
  functions: number;
  skipped: number;
  warnings: string[];
  reader: ReaderProgress;
  writer: WriterStats;
  connections: ConnectionStatus[];
  error?: { code: string; message: string };
}
