import type { ValueTypeName } from './rdbConstants.js';

export interface RdbParserOptions {
  /** 'raw': DUMP payloads; 'decoded': values as elements, streamed in chunks; 'both'. Default 'raw'. */
  mode?: 'raw' | 'decoded' | 'both';
  /** Verify the CRC64 trailer when it is not zero. Default true. */
  verifyChecksum?: boolean;
  /** Decoded mode: at most this many elements per value chunk. Default 1024. */
  chunkElements?: number;
  /** Decoded mode: string values longer than this are emitted in pieces of this size. Default 1 MiB. */
  chunkBytes?: number;
  /**
   * Raw mode only: a key whose value body is larger than this many bytes gets no payload; it is decoded
   * and streamed instead (`value` on the key event, `complete: false` when `value-chunk` events follow),
   * exactly as decoded mode does, so memory stays bounded by about this plus one input chunk. Module
   * values are exempt (always a payload). Default: unlimited.
   */
  maxPayloadBytes?: number;
}

export interface HeaderEvent {
  kind: 'header';
  magic: 'REDIS' | 'VALKEY';
  version: number;
}
export interface AuxEvent {
  kind: 'aux';
  key: string;
  value: Buffer;
}
export interface SelectDbEvent {
  kind: 'select-db';
  db: number;
}
export interface ResizeDbEvent {
  kind: 'resize-db';
  keys: number;
  expires: number;
}
export interface SlotInfoEvent {
  kind: 'slot-info';
  slot: number;
  slotSize: number;
  expiresSlotSize: number;
}
/** Valkey 9 SLOT_IMPORT opcode (243 under the VALKEY magic). */
export interface SlotImportEvent {
  kind: 'slot-import';
  jobName: Buffer;
  ranges: [number, number][];
}
export interface FunctionEvent {
  kind: 'function';
  /** FUNCTION2: the library code (with its `#!lua name=...` shebang). */
  code: Buffer;
  offset: number;
  /** FUNCTION_PRE_GA (Redis 7.0 RC) records only. */
  name?: string;
  engine?: string;
  description?: Buffer | null;
}
export interface ModuleAuxEvent {
  kind: 'module-aux';
  moduleId: bigint;
  moduleName: string;
  when: number;
  /** The opcoded module data after `when`, up to and including the EOF opcode. */
  payload: Buffer;
}

export interface StreamConsumerMeta {
  name: Buffer;
  seenTime: number;
  activeTime: number | null;
  pending: string[];
}
export interface StreamGroupMeta {
  name: Buffer;
  lastDeliveredId: string;
  entriesRead: number | null;
  pending: [id: string, consumer: Buffer, deliveryTimeMs: number, deliveryCount: number][];
  consumers: StreamConsumerMeta[];
}
export interface StreamMeta {
  length: number;
  lastId: string;
  firstId: string | null;
  maxDeletedId: string | null;
  entriesAdded: number | null;
  groups: StreamGroupMeta[];
}
export interface StreamEntry {
  id: string;
  fields: Buffer[];
}

/**
 * Elements are read-only Buffers, valid as long as they are referenced (their bytes are never overwritten):
 * views into the pushed input where the file stores them as is, else decompressed copies or the decimal
 * text of integers (views into small shared slabs; the integers 0 to 1023 share one Buffer each).
 */
export type DecodedChunk =
  | { type: 'string'; value: Buffer }
  | { type: 'list'; elements: Buffer[] }
  | { type: 'set'; members: Buffer[] }
  | { type: 'zset'; entries: [Buffer, number][] }
  | { type: 'hash'; fields: ([Buffer, Buffer] | [Buffer, Buffer, number])[] }
  | { type: 'stream'; entries: StreamEntry[]; meta?: StreamMeta }
  | { type: 'module'; moduleId: bigint; moduleName: string; payload: Buffer };

export interface KeyEvent {
  kind: 'key';
  db: number;
  key: Buffer;
  rdbType: number;
  type: ValueTypeName;
  encoding: string;
  expireAtMs: number | null;
  idle?: number;
  freq?: number;
  /** File offset of the value's type byte. */
  offset: number;
  /** Bytes of the value body (after the key name). -1 when not known yet (decoded mode, complete: false): the last value-chunk carries it. */
  size: number;
  /** raw / both: a DUMP payload, what RESTORE takes. */
  payload?: Buffer;
  /** decoded / both: the first chunk of the value. */
  value?: DecodedChunk;
  /** false: value-chunk events follow. */
  complete: boolean;
  /**
   * The value holds no element (an empty list, set, zset or hash, in any encoding): redis-server skips such
   * keys when it loads an RDB, and RESTORE refuses their payload. Never true for strings, streams, modules.
   */
  empty: boolean;
}
export interface ValueChunkEvent {
  kind: 'value-chunk';
  value: DecodedChunk;
  last: boolean;
  /** On the last chunk: bytes of the value body. */
  size?: number;
}
export interface EndEvent {
  kind: 'end';
  checksum: 'verified' | 'disabled' | 'absent' | 'skipped';
}

export type RdbEvent =
  | HeaderEvent
  | AuxEvent
  | SelectDbEvent
  | ResizeDbEvent
  | SlotInfoEvent
  | SlotImportEvent
  | FunctionEvent
  | ModuleAuxEvent
  | KeyEvent
  | ValueChunkEvent
  | EndEvent;
