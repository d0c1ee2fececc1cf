import { Crc64 } from './crc64Utils.js';
import { lzfDecompress } from './lzfUtils.js';
import { bufferView, intBuffer, readDoubleLE, viewOf } from './numberUtils.js';
import { RdbParseError } from './RdbParseError.js';

/** Thrown (never as an Error: no stack capture) when a read needs bytes that have not been pushed yet. */
export const NEED_MORE: { readonly needMore: true } = Object.freeze({ needMore: true });

/**
 * When bytes are pending as a chunk arrives, only they and this many bytes of the chunk past what the
 * parser asked for are copied: enough to finish the key that crosses the boundary, so that the rest
 * of the chunk is read in place (see unstitch()).
 */
const STITCH_BYTES = 64 * 1024;

export const STR_PLAIN = 0;
export const STR_INT = 1;
export const STR_LZF = 2;

/**
 * The bytes pushed but not yet discarded, as one contiguous view, plus the primitive RDB readers.
 *
 * HOT PATH: every byte of the file is read through here. When nothing is pending, a pushed chunk is used
 * in place (no copy); when a few bytes are pending (a key crossing chunks), they are stitched to the head
 * of the chunk, and the rest of the chunk is read in place once that key is done; otherwise chunks are
 * appended into an owned buffer grown by half its size. Bytes before
 * `mark` may be dropped; bytes are never overwritten in place, so Buffer views handed out stay valid.
 * The file CRC64 is computed over bytes as they are discarded.
 */
export class ByteWindow {
  buf: Uint8Array = new Uint8Array(0);
  /** File offset of buf[0]. */
  base = 0;
  pos = 0;
  end = 0;
  /** Earliest buffer index still needed. */
  mark = 0;
  /** File offset that must be buffered before parsing is worth retrying. */
  needAbs = 0;
  private owned = false;
  /** A chunk of which append() copied only the head (after the pending bytes, from buffer index stitchAt). */
  private stitched: Uint8Array | null = null;
  private stitchAt = 0;
  /** When set, an owned buffer grows to at most max(this, bytes held) (raw mode with maxPayloadBytes). */
  growthCap = 0;

  readonly crc = new Crc64();
  crcEnabled = true;
  /** File offset up to which the CRC has been computed. */
  crcAbs = 0;

  /** buf's ArrayBuffer and byte offset (for views), valid while abOf === buf. */
  private ab: ArrayBufferLike = this.buf.buffer;
  private abOff = 0;
  private abOf: Uint8Array = this.buf;

  /** Results of readStringHeader(). */
  strKind = STR_PLAIN;
  strLen = 0;
  strULen = 0;
  strInt = 0;

  get available(): number {
    return this.end - this.pos;
  }

  /** Absolute file offset of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }

  get bufferedEnd(): number {
    return this.base + this.end;
  }

  append(chunk: Uint8Array, stitch = true): void {
    if (chunk.length === 0) return;
    if (this.stitched !== null) this.unstitch();
    this.discardBeforeMark();
    if (this.end === this.pos && this.mark === this.pos) {
      // Nothing pending: read the chunk in place.
      this.base += this.pos;
      this.buf = chunk;
      this.pos = 0;
      this.mark = 0;
      this.end = chunk.length;
      this.owned = false;
      return;
    }
    const keep = this.end - this.mark;
    const total = keep + chunk.length;
    if (this.owned && this.end + chunk.length <= this.buf.length) {
      this.buf.set(chunk, this.end);
      this.end += chunk.length;
      return;
    }
    const head = Math.max(this.needAbs - this.bufferedEnd, 0) + STITCH_BYTES;
    if (stitch && keep <= STITCH_BYTES && head < chunk.length) {
      // Only the pending bytes and the head of the chunk are copied; unstitch() moves to the chunk itself.
      const nb = new Uint8Array(keep + head);
      nb.set(this.buf.subarray(this.mark, this.end), 0);
      nb.set(chunk.subarray(0, head), keep);
      this.base += this.mark;
      this.pos -= this.mark;
      this.end = keep + head;
      this.mark = 0;
      this.buf = nb;
      this.owned = true;
      this.stitched = chunk;
      this.stitchAt = keep;
      return;
    }
    // New owned buffer; the old one stays intact for any views into it.
    let cap = Math.max(total + (total >>> 1), 64 * 1024);
    if (this.growthCap > 0) cap = Math.max(total, Math.min(cap, this.growthCap));
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(this.mark, this.end), 0);
    nb.set(chunk, keep);
    this.base += this.mark;
    this.pos -= this.mark;
    this.end = total;
    this.mark = 0;
    this.buf = nb;
    this.owned = true;
  }

  /**
   * After append() stitched: whether the rest of the chunk waits for unstitch(). The parser calls
   * unstitch() whenever it runs out of bytes while this is set.
   */
  get hasStitched(): boolean {
    return this.stitched !== null;
  }

  /**
   * Makes the rest of the stitched chunk readable: in place when every byte still needed lies in the
   * chunk (the usual case: the key that crossed the chunk boundary is done), else appended as usual.
   */
  unstitch(): void {
    const chunk = this.stitched!;
    const at = this.stitchAt;
    const head = this.end - at;
    this.stitched = null;
    if (this.mark >= at) {
      this.discardBeforeMark();
      this.base += at;
      this.pos -= at;
      this.mark -= at;
      this.end = chunk.length;
      this.buf = chunk;
      this.owned = false;
      return;
    }
    this.append(chunk.subarray(head), false);
  }

  /** Runs the file CRC over bytes that are about to be dropped. */
  private discardBeforeMark(): void {
    if (this.crcEnabled) this.crcUpTo(this.base + this.mark);
  }

  crcUpTo(abs: number): void {
    if (abs > this.crcAbs) {
      this.crc.update(this.buf, this.crcAbs - this.base, abs - this.base);
      this.crcAbs = abs;
    }
  }

  /** Everything before the read position may be dropped. */
  commit(): void {
    this.mark = this.pos;
  }

  need(n: number): void {
    if (this.end - this.pos < n) {
      this.needAbs = this.base + this.pos + n;
      throw NEED_MORE;
    }
  }

  corrupt(message: string, at = this.base + this.pos): RdbParseError {
    return new RdbParseError('RDB_CORRUPT', `${message} at byte ${at}`, at);
  }

  u8(): number {
    if (this.pos >= this.end) {
      this.needAbs = this.base + this.pos + 1;
      throw NEED_MORE;
    }
    return this.buf[this.pos++]!;
  }

  u32le(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** Signed 64-bit little-endian as a JS number (exact up to 2^53). */
  i64le(): number {
    this.need(8);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 8;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
    return hi * 4294967296 + lo;
  }

  f64le(): number {
    this.need(8);
    const p = this.pos;
    this.pos = p + 8;
    return readDoubleLE(this.buf, p);
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** RDB length (6/14/32/64-bit). Lengths above 2^53 are reported as corrupt. */
  readLen(): number {
    const start = this.pos;
    const first = this.u8();
    const t = first >>> 6;
    if (t === 0) return first & 0x3f;
    if (t === 1) return ((first & 0x3f) << 8) | this.u8();
    if (first === 0x80) {
      this.need(4);
      const b = this.buf;
      const p = this.pos;
      this.pos = p + 4;
      return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    }
    if (first === 0x81) {
      this.need(8);
      const b = this.buf;
      const p = this.pos;
      this.pos = p + 8;
      const hi = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
      const lo = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
      if (hi > 0x1fffff) throw this.corrupt('length does not fit in 53 bits', this.base + start);
      return hi * 4294967296 + lo;
    }
    throw this.corrupt(`invalid length encoding 0x${first.toString(16)}`, this.base + start);
  }

  /** Skips an RDB length of any size (up to 64 bits). */
  skipLen(): void {
    const first = this.u8();
    const t = first >>> 6;
    if (t === 0) return;
    if (t === 1) {
      this.skip(1);
      return;
    }
    if (first === 0x80) {
      this.skip(4);
      return;
    }
    if (first === 0x81) {
      this.skip(8);
      return;
    }
    throw this.corrupt(`invalid length encoding 0x${first.toString(16)}`, this.base + this.pos - 1);
  }

  /** RDB length as an unsigned 64-bit BigInt (module ids, stream ID parts). */
  readLenBig(): bigint {
    const first = this.u8();
    if (first === 0x81) {
      this.need(8);
      const v = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, 8).readBigUInt64BE(0);
      this.pos += 8;
      return v;
    }
    this.pos--;
    return BigInt(this.readLen());
  }

  /**
   * Reads a string header: sets strKind and strLen (plain: byte length; LZF: compressed length, strULen =
   * uncompressed length; int: strInt = value, strLen = encoded width). Does not read the string data.
   */
  readStringHeader(): void {
    const start = this.pos;
    const first = this.u8();
    if (first >>> 6 !== 3) {
      this.pos = start;
      this.strKind = STR_PLAIN;
      this.strLen = this.readLen();
      return;
    }
    const enc = first & 0x3f;
    if (enc === 0) {
      this.need(1);
      this.strKind = STR_INT;
      this.strInt = (this.buf[this.pos++]! << 24) >> 24;
      this.strLen = 1;
    } else if (enc === 1) {
      this.need(2);
      const p = this.pos;
      this.pos = p + 2;
      this.strKind = STR_INT;
      this.strInt = ((this.buf[p]! | (this.buf[p + 1]! << 8)) << 16) >> 16;
      this.strLen = 2;
    } else if (enc === 2) {
      this.need(4);
      const b = this.buf;
      const p = this.pos;
      this.pos = p + 4;
      this.strKind = STR_INT;
      this.strInt = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
      this.strLen = 4;
    } else if (enc === 3) {
      const clen = this.readLen();
      const ulen = this.readLen();
      if (clen === 0 || ulen > clen * 88 + 8) {
        throw this.corrupt(
          `invalid LZF lengths (compressed ${clen}, uncompressed ${ulen})`,
          this.base + start,
        );
      }
      this.strKind = STR_LZF;
      this.strLen = clen;
      this.strULen = ulen;
    } else {
      throw this.corrupt(`unknown string encoding ${enc}`, this.base + start);
    }
  }

  /** Skips a whole RDB string (header and data). */
  skipString(): void {
    this.readStringHeader();
    if (this.strKind !== STR_INT) this.skip(this.strLen);
  }

  /**
   * Reads a whole RDB string as a Buffer (a view when stored plain; decompressed or formatted otherwise: an
   * integer's decimal text may be a Buffer shared with other strings, see intBuffer()). Read-only.
   */
  readString(): Buffer {
    const start = this.pos;
    this.readStringHeader();
    if (this.strKind === STR_INT) return intBuffer(this.strInt);
    const n = this.strLen;
    this.need(n);
    const p = this.pos;
    this.pos = p + n;
    if (this.strKind === STR_PLAIN) {
      if (this.abOf !== this.buf) this.syncAb();
      return bufferView(this.ab, this.abOff + p, n);
    }
    return this.lzf(p, n, this.strULen, start);
  }

  private syncAb(): void {
    const b = this.buf;
    this.ab = b.buffer;
    this.abOff = b.byteOffset;
    this.abOf = b;
  }

  lzf(p: number, clen: number, ulen: number, start: number): Buffer {
    const out = lzfDecompress(this.buf, p, p + clen, ulen);
    if (out === null) throw this.corrupt('invalid LZF compressed string', this.base + start);
    return out;
  }

  /** View of buf[start, end) (buffer indexes) without copying. */
  view(start: number, end: number): Buffer {
    return viewOf(this.buf, start, end);
  }
}
