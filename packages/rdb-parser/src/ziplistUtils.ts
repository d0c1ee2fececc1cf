import { bufferView, intBuffer, latin1, parseScoreBytes, readIntLE } from './numberUtils.js';
import { RdbParseError } from './RdbParseError.js';

function corrupt(what: string, at: number): RdbParseError {
  return new RdbParseError('RDB_CORRUPT', `invalid ziplist: ${what} (blob at byte ${at})`, at);
}

const EMPTY = new Uint8Array(0);

/**
 * Reads the entries of a ziplist (src/ziplist.c format) one at a time, as ListpackReader does listpacks:
 * open() validates every bound of the whole blob first, then read() decodes the next entry.
 *
 * HOT PATH (decoded mode): string entries become views into the blob, integers their decimal text.
 */
export class ZiplistReader {
  private zl: Uint8Array = EMPTY;
  /** zl's ArrayBuffer and byte offset, for views. */
  private ab: ArrayBufferLike = EMPTY.buffer;
  private abOff = 0;
  private p = 0;
  private end = 0;
  /** The current entry is an integer (else a string zl[sStart, sEnd)). */
  isInt = false;
  private sStart = 0;
  private sEnd = 0;
  private iVal = 0;
  private iPos = 0;
  private iBytes = 0;

  /** Validates the ziplist `zl` (`at`: its file offset, for errors); returns its element count. */
  open(zl: Uint8Array, at: number): number {
    if (zl.length < 11) throw corrupt('shorter than its header', at);
    const total = (zl[0]! | (zl[1]! << 8) | (zl[2]! << 16) | (zl[3]! << 24)) >>> 0;
    if (total !== zl.length) throw corrupt(`header says ${total} bytes, blob has ${zl.length}`, at);
    const declared = zl[8]! | (zl[9]! << 8);
    this.zl = zl;
    this.ab = zl.buffer;
    this.abOff = zl.byteOffset;
    this.end = zl.length - 1;
    this.p = 10;
    let n = 0;
    while (this.p < this.end) {
      this.step(at);
      n++;
    }
    if (this.p !== this.end || zl[this.end] !== 0xff) throw corrupt('missing or misplaced end marker', at);
    if (declared !== 65535 && declared !== n) {
      throw corrupt(`header says ${declared} elements, found ${n}`, at);
    }
    this.p = 10;
    return n;
  }

  /** Back to the first entry. */
  rewind(): void {
    this.p = 10;
  }

  /** Decodes the next entry (open() has validated them all). */
  read(): void {
    this.step(0);
  }

  private step(at: number): void {
    const zl = this.zl;
    const end = this.end;
    let p = this.p;
    // prevlen
    const prev = zl[p]!;
    if (prev < 254) p += 1;
    else if (prev === 254) p += 5;
    else throw corrupt(`invalid prevlen at blob offset ${p}`, at);
    if (p >= end) throw corrupt('entry runs past the end', at);
    const enc = zl[p]!;
    const top = enc >> 6;
    if (top === 0) {
      const n = enc & 0x3f;
      if (p + 1 + n > end) throw corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 1;
      this.sEnd = p + 1 + n;
      this.p = p + 1 + n;
    } else if (top === 1) {
      if (p + 2 > end) throw corrupt('string length runs past the end', at);
      const n = ((enc & 0x3f) << 8) | zl[p + 1]!;
      if (p + 2 + n > end) throw corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 2;
      this.sEnd = p + 2 + n;
      this.p = p + 2 + n;
    } else if (top === 2) {
      if (enc !== 0x80 || p + 5 > end) throw corrupt(`invalid string encoding at blob offset ${p}`, at);
      const n = ((zl[p + 1]! << 24) | (zl[p + 2]! << 16) | (zl[p + 3]! << 8) | zl[p + 4]!) >>> 0;
      if (p + 5 + n > end) throw corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 5;
      this.sEnd = p + 5 + n;
      this.p = p + 5 + n;
    } else {
      let bytes: number;
      if (enc === 0xc0) bytes = 2;
      else if (enc === 0xd0) bytes = 4;
      else if (enc === 0xe0) bytes = 8;
      else if (enc === 0xf0) bytes = 3;
      else if (enc === 0xfe) bytes = 1;
      else if (enc >= 0xf1 && enc <= 0xfd) {
        this.isInt = true;
        this.iVal = (enc & 0x0f) - 1;
        this.iBytes = 0;
        this.p = p + 1;
        return;
      } else throw corrupt(`unknown entry encoding 0x${enc.toString(16)} at blob offset ${p}`, at);
      if (p + 1 + bytes > end) throw corrupt('integer runs past the end', at);
      this.isInt = true;
      this.iPos = p + 1;
      this.iBytes = bytes;
      this.p = p + 1 + bytes;
    }
  }

  /** The current integer entry's value (BigInt beyond 2^53). */
  intValue(): number | bigint {
    return this.iBytes === 0 ? this.iVal : readIntLE(this.zl, this.iPos, this.iBytes);
  }

  /** The current entry as a Buffer: a view into the blob, or an integer's decimal text. */
  element(): Buffer {
    return this.isInt
      ? intBuffer(this.intValue())
      : bufferView(this.ab, this.abOff + this.sStart, this.sEnd - this.sStart);
  }

  /** The current entry as a zset score (parseScore of its text); NaN if it is not a number. */
  score(): number {
    return this.isInt ? Number(this.intValue()) : parseScoreBytes(this.zl, this.sStart, this.sEnd);
  }

  /** The current entry's text (latin1). */
  text(): string {
    return this.isInt ? String(this.intValue()) : latin1(this.zl, this.sStart, this.sEnd);
  }
}

/**
 * The elements of a ziplist (src/ziplist.c format): strings as views into `zl`, integers as decimal text.
 * `at` is the blob's file offset, for error messages. Validates every bound.
 */
export function ziplistElements(zl: Buffer, at: number): Buffer[] {
  const r = new ZiplistReader();
  const n = r.open(zl, at);
  const out: Buffer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    r.read();
    out[i] = r.element();
  }
  return out;
}
