import { ByteWindow, NEED_MORE } from './ByteWindow.js';
import { finishDumpPayload } from './dumpPayloadUtils.js';
import { DecodedWalker } from './DecodedWalker.js';
import { isEmptyValue } from './emptyValueUtils.js';
import { readHeader } from './headerUtils.js';
import { KeyEventBuilder } from './KeyEventBuilder.js';
import { escapeBytes, quoteKey } from './messageUtils.js';
import { RawWalker } from './RawWalker.js';
import { RAW_PROGRAMS, type RawOp } from './rawPrograms.js';
import * as C from './rdbConstants.js';
import { RdbParseError } from './RdbParseError.js';
import {
  readAux,
  readFunction2,
  readFunctionPreGa,
  readModuleAux,
  readSlotImport,
  readSlotInfo,
} from './recordUtils.js';
import type { DecodedChunk, RdbEvent, RdbParserOptions } from './types.js';
import { valuePrograms } from './versionUtils.js';

const EMPTY = new Uint8Array(0);
/** Input bytes a key decoded because of maxPayloadBytes may consume per parse call (see pull()). */
const HYBRID_STEP_BYTES = 64 * 1024;
const S_HEADER = 0;
const S_TOP = 1;
const S_VALUE = 2;
const S_DONE = 3;
const S_FAILED = 4;

/**
 * Push-based, synchronous RDB parser: feed bytes with push(), get the events completed so far.
 *
 * HOT PATH: no async work and no closures per key; values spanning many chunks are walked incrementally.
 * Raw mode keeps at most the current key's bytes plus unparsed input; decoded mode at most one chunk.
 */
export class RdbParser {
  private readonly w = new ByteWindow();
  private readonly mode: 'raw' | 'decoded' | 'both';
  private readonly verifyChecksum: boolean;
  private readonly chunkElements: number;
  private readonly chunkBytes: number;
  /** Raw mode: a value body above this is decoded and streamed instead (Infinity: never). */
  private readonly maxPayloadBytes: number;
  private state = S_HEADER;
  private failure: RdbParseError | null = null;
  private out: RdbEvent[] = [];

  private magic: 'REDIS' | 'VALKEY' = 'REDIS';
  private version = 0;
  private programs: Record<number, RawOp[]> = RAW_PROGRAMS;
  private redisVer: string | null = null;
  private db = 0;
  private expireAtMs: number | null = null;
  private idle: number | undefined;
  private freq: number | undefined;

  // The key being parsed.
  private keyType = 0;
  private keyOffset = 0;
  private key: Buffer = Buffer.alloc(0);
  private valueStart = 0;
  private raw: RawWalker | null = null;
  private readonly rawWalker = new RawWalker();
  /** Reads the counts of a walked value in place, to flag empty ones (never appended to). */
  private readonly probe = new ByteWindow();
  private decoder: DecodedWalker | null = null;
  /** The current key crossed maxPayloadBytes and is being decoded. */
  private hybrid = false;
  /** A hybrid key's decoding stopped after HYBRID_STEP_BYTES with more input buffered: pull() continues. */
  private throttled = false;
  private readonly events = new KeyEventBuilder((ev) => this.out.push(ev));
  private readonly onChunk = (chunk: DecodedChunk): void => this.events.addChunk(chunk);

  constructor(options: RdbParserOptions = {}) {
    this.mode = options.mode ?? 'raw';
    this.verifyChecksum = options.verifyChecksum ?? true;
    this.chunkElements = Math.max(1, options.chunkElements ?? 1024);
    this.chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
    this.maxPayloadBytes =
      this.mode === 'raw' && options.maxPayloadBytes !== undefined
        ? Math.max(0, options.maxPayloadBytes)
        : Number.POSITIVE_INFINITY;
    this.w.crcEnabled = this.verifyChecksum;
    // No more than the limit is held before a key switches to decoding: no need to grow the window beyond.
    if (this.maxPayloadBytes !== Number.POSITIVE_INFINITY)
      this.w.growthCap = this.maxPayloadBytes + 1024 * 1024;
  }

  /** Bytes fully parsed so far. */
  get bytesConsumed(): number {
    return this.w.base + this.w.mark;
  }

  /**
   * Feeds bytes; returns the events completed so far. Do not modify `chunk` afterwards: events may view it.
   * A parse error is thrown once the events before it have been returned (by this call or the next).
   */
  push(chunk: Uint8Array): RdbEvent[] {
    if (this.state === S_FAILED) throw this.failure!;
    if (this.state === S_DONE) return [];
    this.w.append(chunk);
    if (this.w.bufferedEnd >= this.w.needAbs) this.parseSome();
    return this.take();
  }

  /**
   * Continues parsing input already pushed; returns [] only once more input is needed. Only useful with
   * `maxPayloadBytes`: a key that crosses the limit is decoded from its buffered bytes at most 64 KiB of
   * input per call, so that one batch of events stays small. Call pull() until it returns [] before the
   * next push() (parseRdb does) to keep memory bounded by one batch; otherwise later calls catch up.
   */
  pull(): RdbEvent[] {
    if (this.state === S_FAILED) throw this.failure!;
    if (this.throttled) this.parseSome();
    return this.take();
  }

  /** Parses until an event is ready or more input is needed; an error waits for the events before it. */
  private parseSome(): void {
    try {
      do {
        this.parseAll();
      } while (this.throttled && this.out.length === 0);
    } catch (e) {
      if (!(e instanceof RdbParseError) || this.out.length === 0) throw e;
    }
  }

  /** No more input. Throws RDB_TRUNCATED unless the file ended with EOF (and its checksum). */
  end(): RdbEvent[] {
    if (this.state === S_FAILED) throw this.failure!;
    if (this.state !== S_DONE) {
      do {
        this.parseAll();
      } while (this.throttled);
      if (this.state !== S_DONE) {
        const at = this.w.bufferedEnd;
        const what =
          this.state === S_VALUE
            ? `inside the value of key ${quoteKey(this.key)} (type ${this.keyType} at byte ${this.keyOffset})`
            : this.state === S_HEADER
              ? 'inside the header'
              : 'before the EOF marker';
        this.fail(
          new RdbParseError('RDB_TRUNCATED', `RDB file truncated at byte ${at}: input ended ${what}`, at, {
            key: this.state === S_VALUE ? this.key : undefined,
          }),
        );
      }
    }
    return this.take();
  }

  private take(): RdbEvent[] {
    if (this.out.length === 0) return [];
    const out = this.out;
    this.out = [];
    return out;
  }

  private fail(e: RdbParseError): never {
    this.state = S_FAILED;
    this.failure = e;
    throw e;
  }

  /** parse(), and again over the rest of a stitched chunk (see ByteWindow.unstitch) when it ran out of bytes. */
  private parseAll(): void {
    this.parse();
    while (this.w.hasStitched && !this.throttled && this.state !== S_DONE) {
      this.w.unstitch();
      if (this.w.bufferedEnd >= this.w.needAbs) this.parse();
    }
  }

  private parse(): void {
    const w = this.w;
    this.throttled = false;
    try {
      for (;;) {
        if (this.state === S_TOP) {
          const start = w.pos;
          try {
            this.topLevel();
          } catch (e) {
            if (e !== NEED_MORE) throw e;
            w.pos = start;
            return;
          }
          if (this.state === S_TOP) w.commit();
        } else if (this.state === S_VALUE) {
          if (!this.valueStep()) return;
        } else if (this.state === S_HEADER) {
          if (!this.header()) return;
          w.commit();
        } else {
          return;
        }
      }
    } catch (e) {
      if (e instanceof RdbParseError) {
        if (this.state === S_VALUE && e.key === undefined) {
          this.fail(
            new RdbParseError(e.code, `${e.message} (key ${quoteKey(this.key)})`, e.offset, {
              key: this.key,
            }),
          );
        }
        this.fail(e);
      }
      throw e;
    }
  }

  private header(): boolean {
    const header = readHeader(this.w);
    if (header === null) return false;
    this.magic = header.magic;
    this.version = header.version;
    this.programs = valuePrograms(header.magic, header.version);
    if (header.version < 5) this.w.crcEnabled = false;
    this.state = S_TOP;
    this.out.push({ kind: 'header', ...header });
    return true;
  }

  /** One opcode or the start of a key. Reads everything it needs before changing any state. */
  private topLevel(): void {
    const w = this.w;
    const at = w.offset;
    const op = w.u8();
    switch (op) {
      case C.OP_EOF:
        this.eof();
        return;
      case C.OP_SELECTDB: {
        const db = w.readLen();
        this.db = db;
        this.out.push({ kind: 'select-db', db });
        return;
      }
      case C.OP_RESIZEDB: {
        const keys = w.readLen();
        const expires = w.readLen();
        this.out.push({ kind: 'resize-db', keys, expires });
        return;
      }
      case C.OP_EXPIRETIME_MS:
        this.expireAtMs = w.i64le();
        return;
      case C.OP_EXPIRETIME:
        this.expireAtMs = w.u32le() * 1000;
        return;
      case C.OP_IDLE:
        this.idle = w.readLen();
        return;
      case C.OP_FREQ:
        this.freq = w.u8();
        return;
      case C.OP_AUX: {
        const aux = readAux(w);
        if (aux.key === 'redis-ver' || aux.key === 'valkey-ver') this.redisVer = aux.value.toString('latin1');
        this.out.push(aux);
        return;
      }
      case C.OP_MODULE_AUX:
        this.out.push(readModuleAux(w));
        return;
      case C.OP_FUNCTION2:
        this.out.push(readFunction2(w, at));
        return;
      case C.OP_FUNCTION_PRE_GA:
        this.out.push(readFunctionPreGa(w, at));
        return;
      case C.OP_SLOT_INFO:
        if (this.magic === 'REDIS') {
          this.out.push(readSlotInfo(w));
          return;
        }
        break;
      case C.OP_SLOT_IMPORT_VALKEY:
        if (this.magic === 'VALKEY') {
          this.out.push(readSlotImport(w));
          return;
        }
        break;
    }
    const program = this.programs[op];
    if (program !== undefined) {
      this.startKey(op, at, program);
      return;
    }
    if (op === C.T_MODULE_PRE_GA) {
      throw new RdbParseError(
        'RDB_UNSUPPORTED_FEATURE',
        `module value of a Redis 4.0 release candidate (type 6) at byte ${at}${this.describeSource()}: it cannot be walked without the module's own loader`,
        at,
        {
          hint: 'Load the file into Redis with the module and save it again (it will be written as type 7).',
        },
      );
    }
    if (op >= 0xf0) {
      const known =
        op === C.OP_SLOT_IMPORT_VALKEY && this.magic === 'REDIS'
          ? ' (KEY_META in Redis 8.6+, not supported)'
          : '';
      throw new RdbParseError(
        'RDB_UNKNOWN_OPCODE',
        `unknown RDB opcode ${op} (0x${op.toString(16)})${known} at byte ${at}${this.describeSource()}`,
        at,
      );
    }
    throw new RdbParseError(
      'RDB_UNKNOWN_TYPE',
      `unknown value type ${op} at byte ${at}${this.describeSource()}`,
      at,
    );
  }

  private describeSource(): string {
    return ` in ${this.magic} RDB version ${this.version}${this.redisVer ? ` written by server ${escapeBytes(this.redisVer.slice(0, 32))}` : ''}`;
  }

  private eof(): void {
    const w = this.w;
    let checksum: 'verified' | 'disabled' | 'absent' | 'skipped' = 'absent';
    if (this.version >= 5) {
      w.need(8);
      let zero = true;
      for (let i = 0; i < 8; i++) if (w.buf[w.pos + i] !== 0) zero = false;
      if (zero) {
        checksum = 'disabled';
      } else if (!this.verifyChecksum) {
        checksum = 'skipped';
      } else {
        w.crcUpTo(w.base + w.pos);
        if (!w.crc.equalsLE(w.buf, w.pos)) {
          const found = w
            .view(w.pos, w.pos + 8)
            .readBigUInt64LE(0)
            .toString(16)
            .padStart(16, '0');
          throw new RdbParseError(
            'RDB_CHECKSUM_MISMATCH',
            `CRC64 mismatch at byte ${w.offset}: file says ${found}, content gives ${w.crc.value().toString(16).padStart(16, '0')}`,
            w.offset,
          );
        }
        checksum = 'verified';
      }
      w.pos += 8;
    }
    this.state = S_DONE;
    w.commit();
    this.out.push({ kind: 'end', checksum });
  }

  private startKey(type: number, at: number, program: RawOp[]): void {
    const w = this.w;
    const key = w.readString();
    this.keyType = type;
    this.keyOffset = at;
    this.key = key;
    this.valueStart = w.offset;
    this.events.begin({
      db: this.db,
      key,
      rdbType: type,
      magic: this.magic,
      expireAtMs: this.expireAtMs,
      idle: this.idle,
      freq: this.freq,
      offset: at,
    });
    this.expireAtMs = null;
    this.idle = undefined;
    this.freq = undefined;
    if (this.mode === 'decoded') this.raw = null;
    else {
      this.rawWalker.start(program);
      this.raw = this.rawWalker;
    }
    this.decoder = this.mode === 'raw' ? null : this.newDecoder(type);
    // Decoded-only mode drops bytes as soon as they are decoded; raw/both keep the whole value.
    if (this.mode === 'decoded') w.commit();
    this.state = S_VALUE;
  }

  private newDecoder(
    type: number,
    commitAsYouGo = this.mode === 'decoded',
    copyPieces = false,
  ): DecodedWalker {
    return new DecodedWalker(
      type,
      this.magic,
      this.version,
      this.chunkElements,
      this.chunkBytes,
      commitAsYouGo,
      this.onChunk,
      copyPieces,
    );
  }

  /** Advances the current value; true when it finished (and its events were emitted). */
  private valueStep(): boolean {
    const w = this.w;
    if (this.raw !== null) {
      const done = this.raw.run(w);
      if (!this.overPayloadLimit(done)) {
        if (!done) return false;
        const end = w.offset;
        this.buildPayload(end);
        const empty = this.isEmpty();
        if (this.decoder !== null) {
          // both: decode the fully buffered value.
          w.pos = this.valueStart - w.base;
          const ok = this.decoder.run(w);
          if (!ok || w.offset !== end)
            throw w.corrupt('value decoded to a different length than walked', this.keyOffset);
        }
        this.finishKey(end, empty);
        return true;
      }
      // Too big for a payload: decode this key from its first byte, still buffered, dropping bytes as they
      // are decoded (the rest of the value then streams as in decoded mode).
      this.raw = null;
      this.decoder = this.newDecoder(this.keyType, true, true);
      this.hybrid = true;
      w.pos = this.valueStart - w.base;
      w.needAbs = 0;
    }
    if (!(this.hybrid ? this.decodeStep() : this.decoder!.run(w))) return false;
    this.finishKey(w.offset, this.decoder!.empty);
    return true;
  }

  /**
   * A hybrid key: decodes at most HYBRID_STEP_BYTES of the buffered input (or one unit, if bigger), then
   * stops with `throttled` set, so that the events of one call stay small; pull() continues.
   */
  private decodeStep(): boolean {
    const w = this.w;
    const decoder = this.decoder!;
    const realEnd = w.end;
    let cap = w.pos + HYBRID_STEP_BYTES;
    if (cap >= realEnd) return decoder.run(w);
    const from = w.pos;
    for (;;) {
      w.end = cap;
      let done: boolean;
      try {
        done = decoder.run(w);
      } finally {
        w.end = realEnd;
      }
      if (done) return true;
      const need = w.needAbs - w.base;
      if (need > realEnd) return false; // needs input not pushed yet
      if (w.pos > from) {
        this.throttled = true;
        w.needAbs = 0;
        return false;
      }
      cap = need; // one unit larger than the step: let it through
    }
  }

  /**
   * Raw mode with maxPayloadBytes: whether the current value is known to exceed it. While it is not, the
   * next parse attempt is scheduled no later than the byte that would cross the limit (the walker would
   * otherwise wait for the end of a big string), so no more than the limit plus one input chunk is held.
   */
  private overPayloadLimit(done: boolean): boolean {
    const limit = this.maxPayloadBytes;
    if (limit === Number.POSITIVE_INFINITY || this.keyType === C.T_MODULE_2) return false;
    const w = this.w;
    if (done) return w.offset - this.valueStart > limit;
    // A string body being skipped tells the value's minimum size early: a big string is not buffered first.
    if (w.bufferedEnd + this.rawWalker.pendingSkip - this.valueStart > limit) return true;
    w.needAbs = Math.min(w.needAbs, this.valueStart + limit + 1);
    return false;
  }

  /** Raw / both: whether the walked value (fully buffered) holds no element, read from its counts only. */
  private isEmpty(): boolean {
    const w = this.w;
    const p = this.probe;
    p.buf = w.buf;
    p.base = w.base;
    p.pos = this.valueStart - w.base;
    p.end = w.end;
    const empty = isEmptyValue(p, this.keyType);
    p.buf = EMPTY;
    return empty;
  }

  /** The DUMP payload of the walked value: type byte, body bytes as in the file, version, CRC64. */
  private buildPayload(end: number): void {
    const w = this.w;
    const size = end - this.valueStart;
    const payload = Buffer.allocUnsafe(size + 11);
    payload[0] = this.keyType;
    const s = this.valueStart - w.base;
    payload.set(w.buf.subarray(s, s + size), 1);
    finishDumpPayload(payload, this.version);
    this.events.setPayload(payload, size);
  }

  private finishKey(end: number, empty: boolean): void {
    this.events.finish(end - this.valueStart, this.decoder, empty);
    this.raw = null;
    this.decoder = null;
    this.hybrid = false;
    this.state = S_TOP;
    this.w.commit();
  }
}
