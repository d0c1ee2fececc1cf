import { RdbParseError } from './RdbParseError.js';
import { intBuffer, readIntLE } from './numberUtils.js';

function corrupt(what: string, at: number): RdbParseError {
  return new RdbParseError('RDB_CORRUPT', `invalid ziplist: ${what} (blob at byte ${at})`, at);
}

/**
 * The elements of a ziplist (src/ziplist.c format): strings as views into `zl`, integers as decimal text.
 * `at` is the blob's file offset, for error messages. Validates every bound.
 *
 * HOT PATH (decoded mode): one pass, one Buffer per element.
 */
export function ziplistElements(zl: Buffer, at: number): Buffer[] {
  if (zl.length < 11) throw corrupt('shorter than its header', at);
  const total = zl.readUInt32LE(0);
  if (total !== zl.length) throw corrupt(`header says ${total} bytes, blob has ${zl.length}`, at);
  const declared = zl.readUInt16LE(8);
  const out: Buffer[] = [];
  let p = 10;
  const end = zl.length - 1;
  while (p < end) {
    // prevlen
    if (zl[p]! < 254) p += 1;
    else if (zl[p] === 254) p += 5;
    else throw corrupt(`invalid prevlen at blob offset ${p}`, at);
    if (p >= end) throw corrupt('entry runs past the end', at);
    const enc = zl[p]!;
    const top = enc >> 6;
    if (top === 0) {
      const n = enc & 0x3f;
      if (p + 1 + n > end) throw corrupt('string runs past the end', at);
      out.push(zl.subarray(p + 1, p + 1 + n));
      p += 1 + n;
    } else if (top === 1) {
      if (p + 2 > end) throw corrupt('string length runs past the end', at);
      const n = ((enc & 0x3f) << 8) | zl[p + 1]!;
      if (p + 2 + n > end) throw corrupt('string runs past the end', at);
      out.push(zl.subarray(p + 2, p + 2 + n));
      p += 2 + n;
    } else if (top === 2) {
      if (enc !== 0x80 || p + 5 > end) throw corrupt(`invalid string encoding at blob offset ${p}`, at);
      const n = zl.readUInt32BE(p + 1);
      if (p + 5 + n > end) throw corrupt('string runs past the end', at);
      out.push(zl.subarray(p + 5, p + 5 + n));
      p += 5 + n;
    } else {
      let bytes: number;
      if (enc === 0xc0) bytes = 2;
      else if (enc === 0xd0) bytes = 4;
      else if (enc === 0xe0) bytes = 8;
      else if (enc === 0xf0) bytes = 3;
      else if (enc === 0xfe) bytes = 1;
      else if (enc >= 0xf1 && enc <= 0xfd) {
        out.push(intBuffer((enc & 0x0f) - 1));
        p += 1;
        continue;
      } else throw corrupt(`unknown entry encoding 0x${enc.toString(16)} at blob offset ${p}`, at);
      if (p + 1 + bytes > end) throw corrupt('integer runs past the end', at);
      out.push(intBuffer(readIntLE(zl, p + 1, bytes)));
      p += 1 + bytes;
    }
  }
  if (p !== end || zl[end] !== 0xff) throw corrupt('missing or misplaced end marker', at);
  if (declared !== 65535 && declared !== out.length) {
    throw corrupt(`header says ${declared} elements, found ${out.length}`, at);
  }
  return out;
}
