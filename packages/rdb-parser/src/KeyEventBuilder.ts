import * as C from './rdbConstants.js';
import type { DecodedChunk, KeyEvent, RdbEvent } from './types.js';

/** What the parser knows about a key when its value starts. */
export interface KeyStart {
  db: number;
  key: Buffer;
  rdbType: number;
  magic: 'REDIS' | 'VALKEY';
  expireAtMs: number | null;
  idle: number | undefined;
  freq: number | undefined;
  offset: number;
}

/**
 * Turns a key's payload and decoded chunks into `key` / `value-chunk` events. One decoded chunk is held
 * back so the last one can be flagged; the first one rides on the key event. Reused for every key.
 */
export class KeyEventBuilder {
  private start: KeyStart | null = null;
  private pendingChunk: DecodedChunk | null = null;
  private keyEmitted = false;
  private payload: Buffer | undefined;
  private payloadSize = -1;

  constructor(private readonly emit: (ev: RdbEvent) => void) {}

  begin(start: KeyStart): void {
    this.start = start;
    this.pendingChunk = null;
    this.keyEmitted = false;
    this.payload = undefined;
    this.payloadSize = -1;
  }

  /** raw / both: the DUMP payload, known once the whole value has been walked. */
  setPayload(payload: Buffer, size: number): void {
    this.payload = payload;
    this.payloadSize = size;
  }

  /** decoded / both: the next chunk of the value. */
  addChunk(chunk: DecodedChunk): void {
    const prev = this.pendingChunk;
    this.pendingChunk = chunk;
    if (prev === null) return;
    if (!this.keyEmitted) {
      const ev = this.keyEvent(this.payloadSize, false, false);
      ev.value = prev;
      if (this.payload !== undefined) ev.payload = this.payload;
      this.payload = undefined;
      this.keyEmitted = true;
      this.emit(ev);
    } else {
      this.emit({ kind: 'value-chunk', value: prev, last: false });
    }
  }

  /**
   * The value ended after `size` body bytes; `decoder.emptyChunk()` is used when a decoded value produced no
   * chunk; `empty`: the value holds no element (only possible when no chunk was emitted before).
   */
  finish(size: number, decoder: { emptyChunk(): DecodedChunk } | null, empty: boolean): void {
    const chunk = this.pendingChunk ?? (decoder === null ? null : decoder.emptyChunk());
    this.pendingChunk = null;
    if (this.keyEmitted) {
      this.emit({ kind: 'value-chunk', value: chunk!, last: true, size });
    } else {
      const ev = this.keyEvent(size, true, empty);
      if (this.payload !== undefined) ev.payload = this.payload;
      if (chunk !== null) ev.value = chunk;
      this.emit(ev);
    }
    this.payload = undefined;
    this.start = null;
  }

  private keyEvent(size: number, complete: boolean, empty: boolean): KeyEvent {
    const s = this.start!;
    const [type, encoding] = C.TYPE_INFO[s.rdbType] ?? ['module', 'unknown'];
    const ev: KeyEvent = {
      kind: 'key',
      db: s.db,
      key: s.key,
      rdbType: s.rdbType,
      type,
      encoding,
      expireAtMs: s.expireAtMs,
      offset: s.offset,
      size,
      complete,
      empty,
    };
    if (s.idle !== undefined) ev.idle = s.idle;
    if (s.freq !== undefined) ev.freq = s.freq;
    return ev;
  }
}
