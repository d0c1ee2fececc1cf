/** Test helpers that encode small listpacks and ziplists, following src/listpack.c and src/ziplist.c. */

function backlen(len: number): number[] {
  if (len <= 127) return [len];
  if (len < 16383) return [len >> 7, (len & 127) | 128];
  throw new Error('test encoder: entry too long');
}

function intLE(v: bigint, bytes: number): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(bytes * 8, v);
  for (let i = 0; i < bytes; i++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}

export function encodeListpack(items: (string | number | bigint)[]): Buffer {
  const body: number[] = [];
  for (const item of items) {
    let entry: number[];
    if (typeof item === 'string') {
      const b = [...Buffer.from(item, 'latin1')];
      if (b.length < 64) entry = [0x80 | b.length, ...b];
      else if (b.length < 4096) entry = [0xe0 | (b.length >> 8), b.length & 0xff, ...b];
      else entry = [0xf0, ...intLE(BigInt(b.length), 4), ...b];
    } else {
      const v = BigInt(item);
      if (v >= 0n && v <= 127n) entry = [Number(v)];
      else if (v >= -4096n && v <= 4095n) {
        const u = Number(BigInt.asUintN(13, v));
        entry = [0xc0 | (u >> 8), u & 0xff];
      } else if (v >= -32768n && v <= 32767n) entry = [0xf1, ...intLE(v, 2)];
      else if (v >= -8388608n && v <= 8388607n) entry = [0xf2, ...intLE(v, 3)];
      else if (v >= -2147483648n && v <= 2147483647n) entry = [0xf3, ...intLE(v, 4)];
      else entry = [0xf4, ...intLE(v, 8)];
    }
    body.push(...entry, ...backlen(entry.length));
  }
  const total = 6 + body.length + 1;
  return Buffer.from([...intLE(BigInt(total), 4), ...intLE(BigInt(items.length), 2), ...body, 0xff]);
}

export function encodeZiplist(items: (string | number | bigint)[]): Buffer {
  const body: number[] = [];
  let prev = 0;
  for (const item of items) {
    let entry: number[];
    if (typeof item === 'string') {
      const b = [...Buffer.from(item, 'latin1')];
      if (b.length < 64) entry = [b.length, ...b];
      else if (b.length < 16384) entry = [0x40 | (b.length >> 8), b.length & 0xff, ...b];
      else
        entry = [
          0x80,
          (b.length >>> 24) & 0xff,
          (b.length >> 16) & 0xff,
          (b.length >> 8) & 0xff,
          b.length & 0xff,
          ...b,
        ];
    } else {
      const v = BigInt(item);
      if (v >= 0n && v <= 12n) entry = [0xf1 + Number(v)];
      else if (v >= -128n && v <= 127n) entry = [0xfe, ...intLE(v, 1)];
      else if (v >= -32768n && v <= 32767n) entry = [0xc0, ...intLE(v, 2)];
      else if (v >= -8388608n && v <= 8388607n) entry = [0xf0, ...intLE(v, 3)];
      else if (v >= -2147483648n && v <= 2147483647n) entry = [0xd0, ...intLE(v, 4)];
      else entry = [0xe0, ...intLE(v, 8)];
    }
    const prevlen = prev < 254 ? [prev] : [254, ...intLE(BigInt(prev), 4)];
    const full = [...prevlen, ...entry];
    body.push(...full);
    prev = full.length;
  }
  const total = 10 + body.length + 1;
  return Buffer.from([
    ...intLE(BigInt(total), 4),
    ...intLE(0n, 4),
    ...intLE(BigInt(items.length), 2),
    ...body,
    0xff,
  ]);
}
