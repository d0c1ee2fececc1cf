import { crc64 } from '../src/crc64Utils.js';

/** Test helpers that build small RDB files in memory. */

/** An RDB length. */
export function len(n: number): Buffer {
  if (n < 64) return Buffer.from([n]);
  if (n < 16384) return Buffer.from([0x40 | (n >> 8), n & 0xff]);
  return Buffer.from([0x80, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
}

/** A plain RDB string. */
export function str(b: Buffer | string): Buffer {
  const data = typeof b === 'string' ? Buffer.from(b) : b;
  return Buffer.concat([len(data.length), data]);
}

/**
 * An LZF-encoded RDB string of `data` made of literal runs only (valid LZF, no compression), optionally
 * preceded by `prefix`, raw LZF bytes producing `prefixLen` output bytes (to test back references).
 */
export function lzfStr(data: Buffer, prefix: number[] = [], prefixLen = 0): Buffer {
  const parts: number[] = [...prefix];
  const rest = data.subarray(prefixLen);
  for (let i = 0; i < rest.length; i += 32) {
    const run = rest.subarray(i, i + 32);
    parts.push(run.length - 1, ...run);
  }
  return Buffer.concat([Buffer.from([0xc3]), len(parts.length), len(data.length), Buffer.from(parts)]);
}

/** One key record: type byte, key name, value body. */
export function keyRecord(type: number, name: string, ...body: (Buffer | Buffer[])[]): Buffer {
  return Buffer.concat([Buffer.from([type]), str(name), ...body.flat()]);
}

/** A whole RDB file (db 0) holding these key records, with its CRC64 trailer. */
export function rdbFile(records: Buffer[], version = 10): Buffer {
  const body = Buffer.concat([
    Buffer.from(`REDIS${String(version).padStart(4, '0')}`),
    Buffer.from([0xfe, 0]),
    ...records,
    Buffer.from([0xff]),
  ]);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(0, body));
  return Buffer.concat([body, crc]);
}
