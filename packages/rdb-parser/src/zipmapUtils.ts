import { RdbParseError } from './RdbParseError.js';

function corrupt(what: string, at: number): RdbParseError {
  return new RdbParseError('RDB_CORRUPT', `invalid zipmap: ${what} (blob at byte ${at})`, at);
}

/** Field/value pairs of a zipmap (src/zipmap.c format, Redis 2.x hashes), as views into `zm`. */
export function zipmapPairs(zm: Buffer, at: number): [Buffer, Buffer][] {
  if (zm.length < 2) throw corrupt('shorter than its header', at);
  const out: [Buffer, Buffer][] = [];
  let p = 1;
  const end = zm.length;
  const readLen = (): number => {
    if (p >= end) throw corrupt('length runs past the end', at);
    const b = zm[p]!;
    if (b < 254) {
      p += 1;
      return b;
    }
    if (b === 254) {
      if (p + 5 > end) throw corrupt('length runs past the end', at);
      const n = zm.readUInt32LE(p + 1);
      p += 5;
      return n;
    }
    throw corrupt('unexpected end marker', at);
  };
  while (p < end && zm[p] !== 0xff) {
    const klen = readLen();
    if (p + klen > end) throw corrupt('field runs past the end', at);
    const field = zm.subarray(p, p + klen);
    p += klen;
    const vlen = readLen();
    if (p >= end) throw corrupt('free byte runs past the end', at);
    const free = zm[p]!;
    p += 1;
    if (p + vlen + free > end) throw corrupt('value runs past the end', at);
    out.push([field, zm.subarray(p, p + vlen)]);
    p += vlen + free;
  }
  if (p !== end - 1 || zm[p] !== 0xff) throw corrupt('missing or misplaced end marker', at);
  return out;
}
