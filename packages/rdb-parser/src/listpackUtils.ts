import { PackedBlobReader, packedElements } from './PackedBlobReader.js';

/** Bytes used by a listpack back-length for an entry of `len` bytes. */
function backlenSize(len: number): number {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

/** A listpack (src/listpack.c): each entry is an encoding byte, its data, then its back-length. */
export class ListpackReader extends PackedBlobReader {
  constructor() {
    super('listpack', 6, 4);
  }

  protected step(at: number): void {
    const lp = this.blob;
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
      if (p + 1 + n > end) throw this.corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 1;
      this.sEnd = p + 1 + n;
      entryLen = 1 + n;
    } else if (b < 0xe0) {
      if (p + 2 > end) throw this.corrupt('integer runs past the end', at);
      let v = ((b & 0x1f) << 8) | lp[p + 1]!;
      if (v >= 4096) v -= 8192;
      this.isInt = true;
      this.iVal = v;
      this.iBytes = 0;
      entryLen = 2;
    } else if (b < 0xf0) {
      if (p + 2 > end) throw this.corrupt('string length runs past the end', at);
      const n = ((b & 0x0f) << 8) | lp[p + 1]!;
      if (p + 2 + n > end) throw this.corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 2;
      this.sEnd = p + 2 + n;
      entryLen = 2 + n;
    } else if (b === 0xf0) {
      if (p + 5 > end) throw this.corrupt('string length runs past the end', at);
      const n = (lp[p + 1]! | (lp[p + 2]! << 8) | (lp[p + 3]! << 16) | (lp[p + 4]! << 24)) >>> 0;
      if (p + 5 + n > end) throw this.corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 5;
      this.sEnd = p + 5 + n;
      entryLen = 5 + n;
    } else if (b >= 0xf1 && b <= 0xf4) {
      const bytes = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : 8;
      if (p + 1 + bytes > end) throw this.corrupt('integer runs past the end', at);
      this.isInt = true;
      this.iPos = p + 1;
      this.iBytes = bytes;
      entryLen = 1 + bytes;
    } else {
      throw this.corrupt(`unknown entry encoding 0x${b.toString(16)} at blob offset ${p}`, at);
    }
    this.p = p + entryLen + backlenSize(entryLen);
  }

  /** The current entry's text is exactly "0". */
  isZero(): boolean {
    if (this.isInt) return this.iBytes === 0 ? this.iVal === 0 : this.intValue() === 0;
    return this.sEnd - this.sStart === 1 && this.blob[this.sStart] === 0x30;
  }
}

/**
 * The elements of a listpack (src/listpack.c format): strings as views into `lp`, integers as their
 * decimal text. `at` is the blob's file offset, for error messages. Validates every bound.
 */
export function listpackElements(lp: Buffer, at: number): Buffer[] {
  return packedElements(new ListpackReader(), lp, at);
}
