import { bufferView, intBuffer, latin1, parseScoreBytes, readIntLE } from './numberUtils.js';
import { RdbParseError } from './RdbParseError.js';

function corrupt(what: string, at: number): RdbParseError {
  return new RdbParseError('RDB_CORRUPT', `invalid listpack: ${what} (blob at byte ${at})`, at);
}

/** Bytes used by a listpack back-length for an entry of `len` bytes. */
function backlenSize(len: number): number {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

const EMPTY = new Uint8Array(0);

/**
 * Reads the entries of a listpack (src/listpack.c format) one at a time, allocating nothing but what the
 * caller asks for: open() validates every bound of the whole blob first (so a corrupt blob yields no element),
 * then read() decodes the next entry, which element() / score() / intValue() / text() return.
 * Reused from blob to blob.
 *
 * HOT PATH (decoded mode): string entries become views into the blob, integers their decimal text.
 */
export class ListpackReader {
  private lp: Uint8Array = EMPTY;
  /** lp's ArrayBuffer and byte offset, for views. */
  private ab: ArrayBufferLike = EMPTY.buffer;
  private abOff = 0;
  private p = 0;
  private end = 0;
  /** The current entry is an integer (else a string lp[sStart, sEnd)). */
  isInt = false;
  private sStart = 0;
  private sEnd = 0;
  /** Integer entry: value when iBytes is 0, else a little-endian integer of iBytes bytes at iPos. */
  private iVal = 0;
  private iPos = 0;
  private iBytes = 0;

  /** Validates the listpack `lp` (`at`: its file offset, for errors); returns its element count. */
  open(lp: Uint8Array, at: number): number {
    if (lp.length < 7) throw corrupt('shorter than its header', at);
    const total = (lp[0]! | (lp[1]! << 8) | (lp[2]! << 16) | (lp[3]! << 24)) >>> 0;
    if (total !== lp.length) throw corrupt(`header says ${total} bytes, blob has ${lp.length}`, at);
    const declared = lp[4]! | (lp[5]! << 8);
    this.lp = lp;
    this.ab = lp.buffer;
    this.abOff = lp.byteOffset;
    this.end = lp.length - 1;
    this.p = 6;
    let n = 0;
    while (this.p < this.end) {
      this.step(at);
      n++;
    }
    if (this.p !== this.end || lp[this.end] !== 0xff) throw corrupt('missing or misplaced end marker', at);
    if (declared !== 65535 && declared !== n) {
      throw corrupt(`header says ${declared} elements, found ${n}`, at);
    }
    this.p = 6;
    return n;
  }

  /** Back to the first entry. */
  rewind(): void {
    this.p = 6;
  }

  /** Decodes the next entry (open() has validated them all). */
  read(): void {
    this.step(0);
  }

  /** Decodes the entry at p, checking its bounds, and moves past it. */
  private step(at: number): void {
    const lp = this.lp;
    const p = this.p;
    const end = this.end;
    const b = lp[p]!;
    let entryLen: number;
    if (b < 0x80) {
      this.isInt = true;
      this.iVal = b;
      this.iBytes = 0;
      entryLen = 1;
    } else if (b < 0xc0) {
      const n = b & 0x3f;
      if (p + 1 + n > end) throw corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 1;
      this.sEnd = p + 1 + n;
      entryLen = 1 + n;
    } else if (b < 0xe0) {
      if (p + 2 > end) throw corrupt('integer runs past the end', at);
      let v = ((b & 0x1f) << 8) | lp[p + 1]!;
      if (v >= 4096) v -= 8192;
      this.isInt = true;
      this.iVal = v;
      this.iBytes = 0;
      entryLen = 2;
    } else if (b < 0xf0) {
      if (p + 2 > end) throw corrupt('string length runs past the end', at);
      const n = ((b & 0x0f) << 8) | lp[p + 1]!;
      if (p + 2 + n > end) throw corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 2;
      this.sEnd = p + 2 + n;
      entryLen = 2 + n;
    } else if (b === 0xf0) {
      if (p + 5 > end) throw corrupt('string length runs past the end', at);
      const n = (lp[p + 1]! | (lp[p + 2]! << 8) | (lp[p + 3]! << 16) | (lp[p + 4]! << 24)) >>> 0;
      if (p + 5 + n > end) throw corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 5;
      this.sEnd = p + 5 + n;
      entryLen = 5 + n;
    } else if (b >= 0xf1 && b <= 0xf4) {
      const bytes = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : 8;
      if (p + 1 + bytes > end) throw corrupt('integer runs past the end', at);
      this.isInt = true;
      this.iPos = p + 1;
      this.iBytes = bytes;
      entryLen = 1 + bytes;
    } else {
      throw corrupt(`unknown entry encoding 0x${b.toString(16)} at blob offset ${p}`, at);
    }
    this.p = p + entryLen + backlenSize(entryLen);
  }

  /** The current integer entry's value (BigInt beyond 2^53). */
  intValue(): number | bigint {
    return this.iBytes === 0 ? this.iVal : readIntLE(this.lp, this.iPos, this.iBytes);
  }

  /** The current entry as a Buffer: a view into the blob, or an integer's decimal text. */
  element(): Buffer {
    return this.isInt
      ? intBuffer(this.intValue())
      : bufferView(this.ab, this.abOff + this.sStart, this.sEnd - this.sStart);
  }

  /** The current entry as a zset score (parseScore of its text); NaN if it is not a number. */
  score(): number {
    return this.isInt ? Number(this.intValue()) : parseScoreBytes(this.lp, this.sStart, this.sEnd);
  }

  /** The current entry's text (latin1). */
  text(): string {
    return this.isInt ? String(this.intValue()) : latin1(this.lp, this.sStart, this.sEnd);
  }

  /** The current entry's text is exactly "0". */
  isZero(): boolean {
    if (this.isInt) return this.iBytes === 0 ? this.iVal === 0 : this.intValue() === 0;
    return this.sEnd - this.sStart === 1 && this.lp[this.sStart] === 0x30;
  }
}

/**
 * The elements of a listpack (src/listpack.c format): strings as views into `lp`, integers as their
 * decimal text. `at` is the blob's file offset, for error messages. Validates every bound.
 */
export function listpackElements(lp: Buffer, at: number): Buffer[] {
  const r = new ListpackReader();
  const n = r.open(lp, at);
  const out: Buffer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    r.read();
    out[i] = r.element();
  }
  return out;
}
