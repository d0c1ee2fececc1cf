/**
 * The entry model: what flows from a reader through the filters to a writer.
 *
 * A snapshot (RDB file, full sync, SCAN) produces `key` entries, optionally followed by
 * `value-chunk` entries when a big collection is streamed in pieces. A live stream (PSYNC,
 * AOF) produces `command` and `transaction` entries. Function libraries travel as `function`.
 */
export type ValueType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream' | 'module';

/** A DUMP payload: `[rdb type][body][rdb version: u16 LE][CRC64 LE]`, as RESTORE takes it. */
export interface DumpPayload {
  payload: Buffer;
  rdbVersion: number;
  rdbType: number;
}

export interface StreamId {
  /** `ms-seq` */
  id: string;
  /** field, value, field, value, ... */
  fields: Buffer[];
}

export interface StreamGroup {
  name: Buffer;
  lastDeliveredId: string;
  entriesRead: number | null;
  pending: Array<[id: string, consumer: Buffer, deliveryTimeMs: number, deliveryCount: number]>;
  consumers: Array<{ name: Buffer; seenTime: number; activeTime: number | null; pending: string[] }>;
}

export interface StreamMeta {
  length: number;
  lastId: string;
  /** null when the source format predates it (RDB < 10). */
  firstId: string | null;
  maxDeletedId: string | null;
  entriesAdded: number | null;
  groups: StreamGroup[];
}

/** A decoded value, or one piece of it when it is streamed in chunks. */
export type ValueChunk =
  | { type: 'string'; value: Buffer }
  | { type: 'list'; elements: Buffer[] }
  | { type: 'set'; members: Buffer[] }
  | { type: 'zset'; entries: Array<[member: Buffer, score: number]> }
  | {
      type: 'hash';
      fields: Array<[field: Buffer, value: Buffer] | [field: Buffer, value: Buffer, expireAtMs: number]>;
    }
  | { type: 'stream'; entries: StreamId[]; meta?: StreamMeta }
  | { type: 'module'; moduleId: bigint; moduleName: string; payload: Buffer };

export interface KeyEntry {
  kind: 'key';
  db: number;
  key: Buffer;
  type: ValueType;
  /** Absolute expiry in Unix milliseconds, or null for a key without TTL. */
  expireAtMs: number | null;
  /** LRU idle time in seconds, when the source recorded it. */
  idleSeconds?: number;
  /** LFU frequency counter, when the source recorded it. */
  freq?: number;
  /** The value as a DUMP payload, when the reader has one. */
  dump?: DumpPayload;
  /** The value decoded (or its first chunk), when the reader decoded it. */
  value?: ValueChunk;
  /** False when `value-chunk` entries with the rest of the value follow. */
  complete: boolean;
  /** Where the key starts in the source (byte offset), for messages. */
  sourceOffset?: number;
}

export interface ValueChunkEntry {
  kind: 'value-chunk';
  db: number;
  key: Buffer;
  value: ValueChunk;
  last: boolean;
}

export interface CommandEntry {
  kind: 'command';
  db: number;
  argv: Buffer[];
}

/** MULTI ... EXEC from a live stream: written and replayed as one unit. */
export interface TransactionEntry {
  kind: 'transaction';
  db: number;
  commands: Buffer[][];
}

/** A function library (Redis 7+), as its source code. */
export interface FunctionEntry {
  kind: 'function';
  code: Buffer;
}

export type Entry = KeyEntry | ValueChunkEntry | CommandEntry | TransactionEntry | FunctionEntry;
