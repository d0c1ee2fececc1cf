import { PackedBlobReader, packedElements } from './PackedBlobReader.js';

/** A ziplist (src/ziplist.c): each entry is the previous entry's length, an encoding, then its data. */
export class ZiplistReader extends PackedBlobReader {
  constructor() {
    super('ziplist', 10, 8);
  }

  protected step(at: number): void {
    const zl = this.blob;
    const end = this.end;
    let p = this.p;
    // prevlen
    const prev = zl[p]!;
    if (prev < 254) p += 1;
    else if (prev === 254) p += 5;
    else throw this.corrupt(`invalid prevlen at blob offset ${p}`, at);
    if (p >= end) throw this.corrupt('entry runs past the end', at);
    const enc = zl[p]!;
    const top = enc >> 6;
    if (top === 0) {
      const n = enc & 0x3f;
      if (p + 1 + n > end) throw this.corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 1;
      this.sEnd = p + 1 + n;
      this.p = p + 1 + n;
    } else if (top === 1) {
      if (p + 2 > end) throw this.corrupt('string length runs past the end', at);
      const n = ((enc & 0x3f) << 8) | zl[p + 1]!;
      if (p + 2 + n > end) throw this.corrupt('string runs past the end', at);
      this.isInt = false;
      this.sStart = p + 2;
      this.sEnd = p + 2 + n;
      this.p = p + 2 + n;
    } else if (top === 2) {
      if (enc !== 0x80 || p + 5 > end) throw this.corrupt(`invalid string encoding at blob offset ${p}`, at);
      const n = ((zl[p + 1]! << 24) | (zl[p + 2]! << 16) | (zl[p + 3]! << 8) | zl[p + 4]!) >>> 0;
      if (p + 5 + n > end) throw this.corrupt('string runs past the end', at);
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
      } else throw this.corrupt(`unknown entry encoding 0x${enc.toString(16)} at blob offset ${p}`, at);
      if (p + 1 + bytes > end) throw this.corrupt('integer runs past the end', at);
      this.isInt = true;
      this.iPos = p + 1;
      this.iBytes = bytes;
      this.p = p + 1 + bytes;
    }
  }
}

/**
 * The elements of a ziplist (src/ziplist.c format): strings as views into `zl`, integers as decimal text.
 * `at` is the blob's file offset, for error messages. Validates every bound.
 */
export function ziplistElements(zl: Buffer, at: number): Buffer[] {
  return packedElements(new ZiplistReader(), zl, at);
}
