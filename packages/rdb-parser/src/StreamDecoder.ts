import { type ByteWindow, NEED_MORE } from './ByteWindow.js';
import { ListpackReader, listpackElements } from './listpackUtils.js';
import type { DecodedChunk, StreamConsumerMeta, StreamEntry, StreamGroupMeta, StreamMeta } from './types.js';

const P_NODES = 0;
const P_NODE = 1;
const P_META = 2;
const P_GROUP = 3;
const P_GROUP_PEL = 4;
const P_CONSUMER = 5;
const P_CONSUMER_PEL = 6;
const P_IDMP = 7;
const P_PRODUCER = 8;
const P_PRODUCER_ENTRY = 9;
const P_IDMP_TAIL = 10;
const P_DONE = 11;

const U64_MAX = 0xffffffffffffffffn;
const FLAG_DELETED = 1;
const FLAG_SAMEFIELDS = 2;

/** Shared by every decoder: each use runs within one synchronous step. */
const lpReader = new ListpackReader();
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The current entry of `r` as an integer number; NaN when it is a string or beyond 2^53. */
function intOf(r: ListpackReader): number {
  if (!r.isInt) return Number.NaN;
  const v = r.intValue();
  return typeof v === 'number' ? v : Number.NaN;
}

/** `base + delta` in decimal (base: the BigInt, and the same as a number when it is below 2^53, else NaN). */
function idPart(base: bigint, baseNum: number, delta: number): string {
  const v = baseNum + delta;
  return Number.isSafeInteger(v) ? String(v) : String(base + BigInt(delta));
}

/** Stream ID from a 16-byte big-endian (ms, seq) pair. */
function idFromBytes(b: Uint8Array, p: number): string {
  const v = Buffer.from(b.buffer, b.byteOffset + p, 16);
  return `${v.readBigUInt64BE(0)}-${v.readBigUInt64BE(8)}`;
}

function num(b: Buffer): bigint {
  return BigInt(b.toString('latin1'));
}

/**
 * Decodes a stream value (types 15, 19, 21, 26): entries from the listpack nodes in chunks, then the
 * metadata (consumer groups, PELs, consumers) attached to the last chunk. Resumable per node / PEL entry.
 */
export class StreamDecoder {
  private phase = P_NODES;
  private remaining = 0;
  private entries: StreamEntry[] = [];
  private meta: StreamMeta | null = null;
  private group: StreamGroupMeta | null = null;
  private groupsLeft = 0;
  private consumersLeft = 0;
  private consumer: StreamConsumerMeta | null = null;
  private pendingById = new Map<string, StreamGroupMeta['pending'][number]>();
  private producersLeft = 0;

  constructor(
    private readonly version: number,
    private readonly chunkElements: number,
    private readonly emit: (chunk: DecodedChunk) => void,
  ) {}

  run(w: ByteWindow, commitAsYouGo: boolean): boolean {
    if (this.phase === P_DONE) return true;
    let unitStart = w.pos;
    try {
      for (;;) {
        this.step(w);
        if (commitAsYouGo) w.commit();
        unitStart = w.pos;
        if (this.phase === P_DONE) {
          const chunk: DecodedChunk = { type: 'stream', entries: this.entries };
          if (this.meta !== null) chunk.meta = this.meta;
          this.entries = [];
          this.emit(chunk);
          return true;
        }
      }
    } catch (e) {
      if (e !== NEED_MORE) throw e;
      w.pos = unitStart;
      return false;
    }
  }

  private step(w: ByteWindow): void {
    switch (this.phase) {
      case P_NODES: {
        this.remaining = w.readLen();
        this.phase = P_NODE;
        return;
      }
      case P_NODE: {
        if (this.remaining === 0) {
          this.phase = P_META;
          return;
        }
        const at = w.offset;
        const nodeKey = w.readString();
        const lpAt = w.offset;
        const lp = w.readString();
        if (nodeKey.length !== 16) throw w.corrupt('stream node key is not 16 bytes', at);
        const n = lpReader.open(lp, lpAt);
        if (!this.nodeEntriesFast(nodeKey, n)) this.nodeEntries(nodeKey, listpackElements(lp, lpAt), w, lpAt);
        this.remaining--;
        return;
      }
      case P_META: {
        const length = w.readLen();
        const lastMs = w.readLenBig();
        const lastSeq = w.readLenBig();
        let firstId: string | null = null;
        let maxDeletedId: string | null = null;
        let entriesAdded: number | null = null;
        if (this.version >= 2) {
          firstId = `${w.readLenBig()}-${w.readLenBig()}`;
          maxDeletedId = `${w.readLenBig()}-${w.readLenBig()}`;
          entriesAdded = w.readLen();
        }
        const groups = w.readLen();
        this.meta = {
          length,
          lastId: `${lastMs}-${lastSeq}`,
          firstId,
          maxDeletedId,
          entriesAdded,
          groups: [],
        };
        this.groupsLeft = groups;
        this.phase = P_GROUP;
        return;
      }
      case P_GROUP: {
        if (this.groupsLeft === 0) {
          this.phase = this.version >= 4 ? P_IDMP : P_DONE;
          return;
        }
        const name = Buffer.from(w.readString());
        const ms = w.readLenBig();
        const seq = w.readLenBig();
        let entriesRead: number | null = null;
        if (this.version >= 2) {
          const er = w.readLenBig();
          entriesRead = er === U64_MAX ? null : Number(er);
        }
        const pel = w.readLen();
        this.group = { name, lastDeliveredId: `${ms}-${seq}`, entriesRead, pending: [], consumers: [] };
        this.meta!.groups.push(this.group);
        this.pendingById.clear();
        this.groupsLeft--;
        this.remaining = pel;
        this.phase = P_GROUP_PEL;
        return;
      }
      case P_GROUP_PEL: {
        if (this.remaining === 0) {
          this.consumersLeft = w.readLen();
          this.phase = P_CONSUMER;
          return;
        }
        w.need(16);
        const id = idFromBytes(w.buf, w.pos);
        w.pos += 16;
        const deliveryTime = w.i64le();
        const count = w.readLen();
        const entry: StreamGroupMeta['pending'][number] = [id, Buffer.alloc(0), deliveryTime, count];
        this.group!.pending.push(entry);
        this.pendingById.set(id, entry);
        this.remaining--;
        return;
      }
      case P_CONSUMER: {
        if (this.consumersLeft === 0) {
          this.phase = P_GROUP;
          return;
        }
        const name = Buffer.from(w.readString());
        const seenTime = w.i64le();
        const activeTime = this.version >= 3 ? w.i64le() : null;
        const pel = w.readLen();
        this.consumer = { name, seenTime, activeTime, pending: [] };
        this.group!.consumers.push(this.consumer);
        this.consumersLeft--;
        this.remaining = pel;
        this.phase = P_CONSUMER_PEL;
        return;
      }
      case P_CONSUMER_PEL: {
        if (this.remaining === 0) {
          this.phase = P_CONSUMER;
          return;
        }
        const at = w.offset;
        w.need(16);
        const id = idFromBytes(w.buf, w.pos);
        w.pos += 16;
        const entry = this.pendingById.get(id);
        if (entry === undefined) throw w.corrupt(`consumer PEL entry ${id} is not in the group PEL`, at);
        entry[1] = this.consumer!.name;
        this.consumer!.pending.push(id);
        this.remaining--;
        return;
      }
      case P_IDMP: {
        w.readLen(); // duration
        w.readLen(); // max entries
        this.producersLeft = w.readLen();
        this.phase = P_PRODUCER;
        return;
      }
      case P_PRODUCER: {
        if (this.producersLeft === 0) {
          this.phase = P_IDMP_TAIL;
          return;
        }
        w.readString();
        this.remaining = w.readLen();
        this.producersLeft--;
        this.phase = P_PRODUCER_ENTRY;
        return;
      }
      case P_PRODUCER_ENTRY: {
        if (this.remaining === 0) {
          this.phase = P_PRODUCER;
          return;
        }
        w.readString();
        w.skipLen();
        w.skipLen();
        this.remaining--;
        return;
      }
      case P_IDMP_TAIL: {
        w.skipLen();
        w.skipLen();
        this.phase = P_DONE;
        return;
      }
    }
  }

  /**
   * nodeEntries() for a node whose numbers are all integer entries (as Redis writes them), straight from the
   * listpack lpReader has just opened (`n` entries): no Buffer for the numbers, no BigInt unless an ID needs
   * one. Checks the whole layout before emitting anything; false (nothing done) when anything is unusual,
   * for nodeEntries() to decode (or reject) the node.
   */
  private nodeEntriesFast(nodeKey: Buffer, n: number): boolean {
    const r = lpReader;
    if (n < 4) return false;
    r.read();
    const count = intOf(r);
    r.read();
    const deleted = intOf(r);
    r.read();
    const nMaster = intOf(r);
    if (!(count >= 0 && deleted >= 0 && nMaster >= 0) || nMaster > n || count + deleted > n) return false;
    let p = 3 + nMaster;
    if (p >= n) return false;
    for (let i = 0; i < nMaster; i++) r.read();
    r.read();
    p++;
    if (!r.isZero()) return false;
    const total = count + deleted;
    for (let i = 0; i < total; i++) {
      if (p + 3 > n) return false;
      r.read();
      const flags = intOf(r);
      r.read();
      const msDelta = intOf(r);
      r.read();
      const seqDelta = intOf(r);
      p += 3;
      if (Number.isNaN(flags) || Number.isNaN(msDelta) || Number.isNaN(seqDelta)) return false;
      let values: number;
      if (flags & FLAG_SAMEFIELDS) {
        if (nMaster === 0) return false;
        values = nMaster;
      } else {
        if (p >= n) return false;
        r.read();
        p++;
        const fieldCount = intOf(r);
        if (!(fieldCount >= 1) || p + fieldCount * 2 + 1 > n) return false;
        values = fieldCount * 2;
      }
      if (p + values + 1 > n) return false;
      for (let v = 0; v <= values; v++) r.read(); // values, lp-count
      p += values + 1;
    }
    if (p !== n) return false;

    // The layout holds: decode.
    r.rewind();
    r.read();
    r.read();
    r.read();
    const masterFields: Buffer[] = new Array(nMaster);
    for (let f = 0; f < nMaster; f++) {
      r.read();
      masterFields[f] = r.element();
    }
    r.read(); // "0"
    const masterMs = nodeKey.readBigUInt64BE(0);
    const masterSeq = nodeKey.readBigUInt64BE(8);
    const masterMsNum = masterMs <= MAX_SAFE ? Number(masterMs) : Number.NaN;
    const masterSeqNum = masterSeq <= MAX_SAFE ? Number(masterSeq) : Number.NaN;
    for (let i = 0; i < total; i++) {
      r.read();
      const flags = r.intValue() as number;
      r.read();
      const msDelta = r.intValue() as number;
      r.read();
      const seqDelta = r.intValue() as number;
      const same = (flags & FLAG_SAMEFIELDS) !== 0;
      let values = nMaster;
      if (!same) {
        r.read();
        values = (r.intValue() as number) * 2;
      }
      if (flags & FLAG_DELETED) {
        for (let v = 0; v <= values; v++) r.read(); // values, lp-count
        continue;
      }
      let fields: Buffer[];
      if (same) {
        fields = new Array(nMaster * 2);
        for (let f = 0; f < nMaster; f++) {
          fields[f * 2] = masterFields[f]!;
          r.read();
          fields[f * 2 + 1] = r.element();
        }
      } else {
        fields = new Array(values);
        for (let v = 0; v < values; v++) {
          r.read();
          fields[v] = r.element();
        }
      }
      r.read(); // lp-count
      const id = `${idPart(masterMs, masterMsNum, msDelta)}-${idPart(masterSeq, masterSeqNum, seqDelta)}`;
      this.entries.push({ id, fields });
      if (this.entries.length >= this.chunkElements) {
        const chunk: DecodedChunk = { type: 'stream', entries: this.entries };
        this.entries = [];
        this.emit(chunk);
      }
    }
    return true;
  }

  /** Entries of one listpack node (format described in src/t_stream.c); deleted entries are skipped. */
  private nodeEntries(nodeKey: Buffer, els: Buffer[], w: ByteWindow, at: number): void {
    const masterMs = nodeKey.readBigUInt64BE(0);
    const masterSeq = nodeKey.readBigUInt64BE(8);
    const bad = (): never => {
      throw w.corrupt('invalid stream listpack node', at);
    };
    try {
      let p = 0;
      const count = Number(num(els[p++]!));
      const deleted = Number(num(els[p++]!));
      const nMaster = Number(num(els[p++]!));
      if (nMaster > els.length || count + deleted > els.length) bad();
      const masterFields = els.slice(p, p + nMaster);
      p += nMaster;
      if (els[p++]?.toString() !== '0') bad();
      const total = count + deleted;
      for (let i = 0; i < total; i++) {
        const flags = Number(num(els[p++]!));
        const ms = masterMs + num(els[p++]!);
        const seq = masterSeq + num(els[p++]!);
        let fields: Buffer[];
        if (flags & FLAG_SAMEFIELDS) {
          fields = new Array(nMaster * 2);
          for (let f = 0; f < nMaster; f++) {
            fields[f * 2] = masterFields[f]!;
            fields[f * 2 + 1] = els[p++]!;
          }
        } else {
          const n = Number(num(els[p++]!));
          fields = els.slice(p, p + n * 2);
          p += n * 2;
        }
        p++; // lp-count
        if (p > els.length || fields.length === 0 || fields.some((f) => f === undefined)) bad();
        if (flags & FLAG_DELETED) continue;
        this.entries.push({ id: `${ms}-${seq}`, fields });
        if (this.entries.length >= this.chunkElements) {
          const chunk: DecodedChunk = { type: 'stream', entries: this.entries };
          this.entries = [];
          this.emit(chunk);
        }
      }
      if (p !== els.length) bad();
    } catch (e) {
      if (e instanceof SyntaxError || e instanceof TypeError || e instanceof RangeError) bad();
      throw e;
    }
  }
}
