import { type ByteWindow, NEED_MORE, STR_INT, STR_LZF } from './ByteWindow.js';
import { intsetWidth } from './intsetUtils.js';
import { ListpackReader } from './listpackUtils.js';
import type { PackedBlobReader } from './PackedBlobReader.js';
import { moduleNameFromId } from './moduleUtils.js';
import { intBuffer, parseScoreBytes, readIntLE } from './numberUtils.js';
import { RawWalker } from './RawWalker.js';
import { OP_MODULE } from './rawPrograms.js';
import * as C from './rdbConstants.js';
import { StreamDecoder } from './StreamDecoder.js';
import type { DecodedChunk } from './types.js';
import { ZiplistReader } from './ziplistUtils.js';
import { zipmapPairs } from './zipmapUtils.js';

/** Shared by every walker: each use runs within one synchronous step (open, then read every entry). */
const lpReader = new ListpackReader();
const zlReader = new ZiplistReader();

type HashField = [Buffer, Buffer] | [Buffer, Buffer, number];
type Item = Buffer | [Buffer, number] | HashField;

const P_START = 0;
const P_ELEMENTS = 1;
const P_STRING_PIECES = 2;
const P_DONE = 3;

/** A chunk's array is allocated at the size of the elements known to follow, up to this. */
const PRESIZE_MAX = 4096;

/**
 * Decodes one value body into chunks of at most chunkElements elements (strings: pieces of chunkBytes),
 * handing each chunk to `emit` as soon as it is full. Resumable per element: when input runs out it
 * returns false and continues from the last complete element.
 *
 * HOT PATH (decoded mode): elements are Buffer views into the input where the format allows.
 */
export class DecodedWalker {
  private phase = P_START;
  private remaining = 0;
  private minExpire = 0;
  /** The chunk being filled (null: none yet), holding `count` items. */
  private items: Item[] | null = null;
  private count = 0;
  /** Items known to follow (sizes the next chunk's array); 0 when not known. */
  private expected = 0;
  private added = 0;
  private readonly logical: C.ValueTypeName;
  private readonly stream: StreamDecoder | null;

  constructor(
    private readonly type: number,
    private readonly magic: 'REDIS' | 'VALKEY',
    version: number,
    private readonly chunkElements: number,
    private readonly chunkBytes: number,
    private readonly commitAsYouGo: boolean,
    private readonly emit: (chunk: DecodedChunk) => void,
    /** Copy plain string pieces out of the input: a piece then holds its own bytes only (hybrid keys). */
    private readonly copyPieces = false,
  ) {
    this.logical = (C.TYPE_INFO[type] ?? ['module'])[0];
    this.stream =
      this.logical === 'stream' ? new StreamDecoder(streamVersion(type), chunkElements, emit) : null;
    void version;
  }

  /** Advances as far as the buffered input allows; true once the whole value has been decoded and emitted. */
  run(w: ByteWindow): boolean {
    if (this.phase === P_DONE) return true;
    if (this.stream !== null) {
      const done = this.stream.run(w, this.commitAsYouGo);
      if (done) this.phase = P_DONE;
      return done;
    }
    let unitStart = w.pos;
    try {
      for (;;) {
        this.step(w);
        if (this.commitAsYouGo) w.commit();
        unitStart = w.pos;
        if (this.phase === P_DONE) {
          this.flush(true);
          return true;
        }
      }
    } catch (e) {
      if (e !== NEED_MORE) throw e;
      w.pos = unitStart;
      return false;
    }
  }

  /** True when a decoded collection (list, set, zset, hash) held no element: redis-server skips such keys. */
  get empty(): boolean {
    const l = this.logical;
    return this.added === 0 && (l === 'list' || l === 'set' || l === 'zset' || l === 'hash');
  }

  /** An empty chunk of this value's type (for empty values). */
  emptyChunk(): DecodedChunk {
    return this.makeChunk([]);
  }

  /** Reads one unit (a header, an element, a blob) and only then changes state. */
  private step(w: ByteWindow): void {
    const t = this.type;
    if (this.phase === P_STRING_PIECES) {
      this.stringPiece(w);
      return;
    }
    if (this.phase === P_START) {
      switch (t) {
        case C.T_STRING:
          this.stringStart(w);
          return;
        case C.T_MODULE_2:
          this.module(w);
          return;
        case C.T_HASH_METADATA:
        case C.T_HASH_LISTPACK_EX: {
          const minExpire = w.i64le();
          if (t === C.T_HASH_LISTPACK_EX) {
            this.blob(w, minExpire);
            return;
          }
          const n = w.readLen();
          this.minExpire = minExpire;
          this.remaining = n;
          this.expected = n;
          this.phase = P_ELEMENTS;
          return;
        }
        case C.T_HASH_ZIPMAP:
        case C.T_LIST_ZIPLIST:
        case C.T_SET_INTSET:
        case C.T_ZSET_ZIPLIST:
        case C.T_HASH_ZIPLIST:
        case C.T_HASH_LISTPACK:
        case C.T_ZSET_LISTPACK:
        case C.T_SET_LISTPACK:
        case C.T_HASH_LISTPACK_EX_PRE_GA:
          this.blob(w, 0);
          return;
        default: {
          const n = w.readLen();
          this.remaining = n;
          // Quicklists: n counts nodes, sized per node below.
          if (t !== C.T_LIST_QUICKLIST && t !== C.T_LIST_QUICKLIST_2) this.expected = n;
          this.phase = P_ELEMENTS;
          return;
        }
      }
    }
    // P_ELEMENTS
    if (this.remaining === 0) {
      this.phase = P_DONE;
      return;
    }
    switch (t) {
      case C.T_LIST:
      case C.T_SET: {
        const v = w.readString();
        this.add(v);
        break;
      }
      case C.T_ZSET: {
        const at = w.offset;
        const m = w.readString();
        const n = w.u8();
        let score: number;
        if (n === 253) score = Number.NaN;
        else if (n === 254) score = Number.POSITIVE_INFINITY;
        else if (n === 255) score = Number.NEGATIVE_INFINITY;
        else {
          w.need(n);
          score = parseScoreBytes(w.buf, w.pos, w.pos + n);
          w.pos += n;
        }
        if (Number.isNaN(score)) throw w.corrupt('zset score is not a number', at);
        this.add([m, score]);
        break;
      }
      case C.T_ZSET_2: {
        const at = w.offset;
        const m = w.readString();
        const score = w.f64le();
        if (Number.isNaN(score)) throw w.corrupt('zset score is NaN', at);
        this.add([m, score]);
        break;
      }
      case C.T_HASH: {
        const f = w.readString();
        const v = w.readString();
        this.add([f, v]);
        break;
      }
      case C.T_LIST_QUICKLIST: {
        const at = w.offset;
        this.addQuicklistNode(zlReader, w.readString(), at);
        break;
      }
      case C.T_LIST_QUICKLIST_2: {
        const at = w.offset;
        const container = w.readLen();
        const blob = w.readString();
        if (container === 1) this.add(blob);
        else if (container === 2) this.addQuicklistNode(lpReader, blob, at);
        else throw w.corrupt(`unknown quicklist container ${container}`, at);
        break;
      }
      case C.T_HASH_METADATA_PRE_GA:
        if (this.magic === 'VALKEY') {
          const f = w.readString();
          const v = w.readString();
          const exp = w.i64le();
          this.add(exp === -1 ? [f, v] : [f, v, exp]);
        } else {
          this.hashFieldWithTtl(w, false);
        }
        break;
      case C.T_HASH_METADATA:
        this.hashFieldWithTtl(w, true);
        break;
      default:
        throw w.corrupt(`value type ${t} cannot be decoded`);
    }
    this.remaining--;
  }

  /** Redis 7.4+ hash field with TTL: [ttl][field][value]; the TTL is relative to minExpire (+1) in type 24. */
  private hashFieldWithTtl(w: ByteWindow, relative: boolean): void {
    const ttl = w.readLen();
    const f = w.readString();
    const v = w.readString();
    if (ttl === 0) this.add([f, v]);
    else this.add([f, v, relative ? ttl + this.minExpire - 1 : ttl]);
  }

  private stringStart(w: ByteWindow): void {
    w.readStringHeader();
    if (w.strKind === STR_INT) {
      this.add(intBuffer(w.strInt));
      this.phase = P_DONE;
      return;
    }
    if (w.strKind === STR_LZF) {
      const start = w.pos;
      w.need(w.strLen);
      const data = w.lzf(w.pos, w.strLen, w.strULen, start);
      w.pos += w.strLen;
      for (let i = 0; i < data.length; i += this.chunkBytes) {
        this.emitPiece(data.subarray(i, Math.min(data.length, i + this.chunkBytes)));
      }
      this.phase = P_DONE;
      return;
    }
    this.remaining = w.strLen;
    this.phase = P_STRING_PIECES;
    if (this.remaining === 0) {
      this.add(Buffer.alloc(0));
      this.phase = P_DONE;
    }
  }

  private stringPiece(w: ByteWindow): void {
    const n = Math.min(this.remaining, this.chunkBytes);
    w.need(n);
    const piece = this.copyPieces ? Buffer.from(w.view(w.pos, w.pos + n)) : w.view(w.pos, w.pos + n);
    w.pos += n;
    this.remaining -= n;
    this.emitPiece(piece);
    if (this.remaining === 0) this.phase = P_DONE;
  }

  private emitPiece(piece: Buffer): void {
    this.emit({ type: 'string', value: piece });
  }

  private module(w: ByteWindow): void {
    const moduleId = w.readLenBig();
    const start = w.pos;
    const walker = new RawWalker([OP_MODULE]);
    if (!walker.run(w)) throw NEED_MORE;
    const payload = Buffer.from(w.buf.subarray(start, w.pos));
    this.emit({ type: 'module', moduleId, moduleName: moduleNameFromId(moduleId), payload });
    this.phase = P_DONE;
  }

  /** A value stored as one encoded blob (ziplist, listpack, intset, zipmap). */
  private blob(w: ByteWindow, _minExpire: number): void {
    const at = w.offset;
    const b = w.readString();
    const t = this.type;
    switch (t) {
      case C.T_HASH_ZIPMAP:
        for (const pair of zipmapPairs(b, at)) this.add(pair);
        break;
      case C.T_SET_INTSET: {
        const width = intsetWidth(b, at);
        const end = b.length;
        this.expected = (end - 8) / width;
        for (let p = 8; p < end; p += width) this.add(intBuffer(readIntLE(b, p, width)));
        break;
      }
      case C.T_LIST_ZIPLIST:
      case C.T_ZSET_ZIPLIST:
      case C.T_HASH_ZIPLIST:
        this.addFlat(zlReader, zlReader.open(b, at), at, w);
        break;
      default:
        this.addFlat(lpReader, lpReader.open(b, at), at, w);
    }
    this.phase = P_DONE;
  }

  /** The elements of one quicklist node (a ziplist or a listpack); `remaining` counts the nodes left. */
  private addQuicklistNode(r: PackedBlobReader, blob: Buffer, at: number): void {
    const n = r.open(blob, at);
    this.expected = this.remaining > 1 ? Math.min(n * this.remaining, this.chunkElements) : n;
    for (let i = 0; i < n; i++) {
      r.read();
      this.add(r.element());
    }
  }

  /** Adds the `n` elements of an opened flat container, grouping them into pairs/triples by type. */
  private addFlat(r: PackedBlobReader, n: number, at: number, w: ByteWindow): void {
    const t = this.type;
    if (this.logical === 'list' || this.logical === 'set') {
      this.expected = n;
      for (let i = 0; i < n; i++) {
        r.read();
        this.add(r.element());
      }
      return;
    }
    const width = t === C.T_HASH_LISTPACK_EX || t === C.T_HASH_LISTPACK_EX_PRE_GA ? 3 : 2;
    if (n % width !== 0) throw w.corrupt(`${this.logical} blob has ${n} elements`, at);
    this.expected = n / width;
    if (this.logical === 'zset') {
      for (let i = 0; i < n; i += 2) {
        r.read();
        const m = r.element();
        r.read();
        const score = r.score();
        if (Number.isNaN(score)) throw w.corrupt('zset score is not a number', at);
        this.add([m, score]);
      }
    } else if (width === 3) {
      for (let i = 0; i < n; i += 3) {
        r.read();
        const f = r.element();
        r.read();
        const v = r.element();
        r.read();
        const ttl = r.isInt ? Number(r.intValue()) : Number(r.text());
        if (!Number.isInteger(ttl)) throw w.corrupt('hash field TTL is not an integer', at);
        this.add(ttl === 0 ? [f, v] : [f, v, ttl]);
      }
    } else {
      for (let i = 0; i < n; i += 2) {
        r.read();
        const f = r.element();
        r.read();
        this.add([f, r.element()]);
      }
    }
  }

  private add(item: Item): void {
    this.added++;
    let items = this.items;
    if (items === null) {
      const e = this.expected;
      items = this.items = e > 0 ? new Array(Math.min(e, this.chunkElements, PRESIZE_MAX)) : [];
    }
    items[this.count++] = item;
    if (this.expected > 0) this.expected--;
    if (this.count >= this.chunkElements) this.flush(false);
  }

  private flush(final: boolean): void {
    if (this.count === 0) {
      if (final || this.logical === 'string') return;
    }
    const items = this.items ?? [];
    if (items.length !== this.count) items.length = this.count;
    this.items = null;
    this.count = 0;
    this.emit(this.makeChunk(items));
  }

  private makeChunk(items: Item[]): DecodedChunk {
    switch (this.logical) {
      case 'string':
        return { type: 'string', value: (items[0] as Buffer | undefined) ?? Buffer.alloc(0) };
      case 'list':
        return { type: 'list', elements: items as Buffer[] };
      case 'set':
        return { type: 'set', members: items as Buffer[] };
      case 'zset':
        return { type: 'zset', entries: items as [Buffer, number][] };
      case 'hash':
        return { type: 'hash', fields: items as HashField[] };
      case 'stream':
        return { type: 'stream', entries: [] };
      default:
        return { type: 'module', moduleId: 0n, moduleName: '', payload: Buffer.alloc(0) };
    }
  }
}

function streamVersion(type: number): number {
  if (type === C.T_STREAM_LISTPACKS) return 1;
  if (type === C.T_STREAM_LISTPACKS_2) return 2;
  if (type === C.T_STREAM_LISTPACKS_3) return 3;
  return 4;
}
