import { describe, expect, it } from 'vitest';
import { crc64 } from '../src/crc64Utils.js';
import { RdbParser } from '../src/RdbParser.js';
import type { RdbEvent } from '../src/types.js';

function len(n: number): number[] {
  if (n < 64) return [n];
  if (n < 16384) return [0x40 | (n >> 8), n & 0xff];
  return [0x80, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
}
const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from(len(b.length)), b]);

/** A file with one big hash (type 4) and one big string. */
function bigFile(fields: number, stringBytes: number): Buffer {
  const parts: Buffer[] = [
    Buffer.from('REDIS0010'),
    Buffer.from([0xfe, 0]),
    Buffer.from([4]),
    str(Buffer.from('h')),
  ];
  parts.push(Buffer.from(len(fields)));
  for (let i = 0; i < fields; i++) parts.push(str(Buffer.from(`field:${i}`)), str(Buffer.from(`value:${i}`)));
  parts.push(
    Buffer.from([0]),
    str(Buffer.from('s')),
    str(Buffer.alloc(stringBytes, 0x61)),
    Buffer.from([0xff]),
  );
  const body = Buffer.concat(parts);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(0, body));
  return Buffer.concat([body, crc]);
}

describe('big values', () => {
  const FIELDS = 300_000;
  const STRING = 24 * 1024 * 1024;
  const file = bigFile(FIELDS, STRING);

  it('decoded mode streams them in chunks and keeps only a chunk of input buffered', () => {
    const parser = new RdbParser({ mode: 'decoded', chunkElements: 1000, chunkBytes: 1 << 20 });
    const started = Date.now();
    let maxBuffered = 0;
    let fields = 0;
    let stringBytes = 0;
    let maxChunk = 0;
    const onEvent = (ev: RdbEvent): void => {
      const v = ev.kind === 'key' || ev.kind === 'value-chunk' ? ev.value : undefined;
      if (v?.type === 'hash') {
        fields += v.fields.length;
        maxChunk = Math.max(maxChunk, v.fields.length);
      } else if (v?.type === 'string') {
        stringBytes += v.value.length;
        expect(v.value.length).toBeLessThanOrEqual(1 << 20);
      }
    };
    for (let i = 0; i < file.length; i += 4096) {
      for (const ev of parser.push(file.subarray(i, i + 4096))) onEvent(ev);
      maxBuffered = Math.max(maxBuffered, Math.min(i + 4096, file.length) - parser.bytesConsumed);
    }
    for (const ev of parser.end()) onEvent(ev);
    expect(fields).toBe(FIELDS);
    expect(maxChunk).toBeLessThanOrEqual(1000);
    expect(stringBytes).toBe(STRING);
    // At most a string piece plus a push of unparsed input, never the whole value.
    expect(maxBuffered).toBeLessThan((1 << 20) + 8192);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('raw mode walks them in linear time from small pushes', () => {
    const parser = new RdbParser({ mode: 'raw' });
    const started = Date.now();
    const sizes: number[] = [];
    for (let i = 0; i < file.length; i += 4096) {
      for (const ev of parser.push(file.subarray(i, i + 4096)))
        if (ev.kind === 'key') sizes.push(ev.payload!.length);
    }
    parser.end();
    expect(sizes.length).toBe(2);
    expect(sizes[1]).toBe(1 + 5 + STRING + 10); // type, length, data, footer
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
