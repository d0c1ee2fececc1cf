import { RdbParseError } from './RdbParseError.js';
import { intBuffer, readIntLE } from './numberUtils.js';

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

/**
 * The elements of a listpack (src/listpack.c format): strings as views into `lp`, integers as their
 * decimal text. `at` is the blob's file offset, for error messages. Validates every bound.
 *
 * HOT PATH (decoded mode): one pass, one Buffer per element.
 */
export function listpackElements(lp: Buffer, at: number): Buffer[] {
  if (lp.length < 7) throw corrupt('shorter than its header', at);
  const total = lp.readUInt32LE(0);
  if (total !== lp.length) throw corrupt(`header says ${total} bytes, blob has ${lp.length}`, at);
  const declared = lp.readUInt16LE(4);
  const out: Buffer[] = [];
  let p = 6;
  const end = lp.length - 1;
  while (p < end) {
    const b = lp[p]!;
    let entryLen: number;
    if (b < 0x80) {
      out.push(intBuffer(b));
      entryLen = 1;
    } else if (b < 0xc0) {
      const n = b & 0x3f;
      if (p + 1 + n > end) throw corrupt('string runs past the end', at);
      out.push(lp.subarray(p + 1, p + 1 + n));
      entryLen = 1 + n;
    } else if (b < 0xe0) {
      if (p + 2 > end) throw corrupt('integer runs past the end', at);
      let v = ((b & 0x1f) << 8) | lp[p + 1]!;
      if (v >= 4096) v -= 8192;
      out.push(intBuffer(v));
      entryLen = 2;
    } else if (b < 0xf0) {
      if (p + 2 > end) throw corrupt('string length runs past the end', at);
      const n = ((b & 0x0f) << 8) | lp[p + 1]!;
      if (p + 2 + n > end) throw corrupt('string runs past the end', at);
      out.push(lp.subarray(p + 2, p + 2 + n));
      entryLen = 2 + n;
    } else if (b === 0xf0) {
      if (p + 5 > end) throw corrupt('string length runs past the end', at);
      const n = lp.readUInt32LE(p + 1);
      if (p + 5 + n > end) throw corrupt('string runs past the end', at);
      out.push(lp.subarray(p + 5, p + 5 + n));
      entryLen = 5 + n;
    } else if (b >= 0xf1 && b <= 0xf4) {
      const bytes = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : 8;
      if (p + 1 + bytes > end) throw corrupt('integer runs past the end', at);
      out.push(intBuffer(readIntLE(lp, p + 1, bytes)));
      entryLen = 1 + bytes;
    } else {
      throw corrupt(`unknown entry encoding 0x${b.toString(16)} at blob offset ${p}`, at);
    }
    p += entryLen + backlenSize(entryLen);
  }
  if (p !== end || lp[end] !== 0xff) throw corrupt('missing or misplaced end marker', at);
  if (declared !== 65535 && declared !== out.length) {
    throw corrupt(`header says ${declared} elements, found ${out.length}`, at);
  }
  return out;
}
