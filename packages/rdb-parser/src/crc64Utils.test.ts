import { describe, expect, it } from 'vitest';
import { Crc64, crc64 } from './crc64Utils.js';

/** Bit-at-a-time reference implementation (BigInt), to check the table-driven one. */
function slowCrc64(data: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

describe('crc64', () => {
  it('matches the CRC-64/Jones check value', () => {
    expect(crc64(0, Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('matches a bitwise reference on random data at every length and alignment', () => {
    let seed = 12345;
    const data = new Uint8Array(300);
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = seed >>> 24;
    }
    for (let start = 0; start < 9; start++) {
      for (const len of [0, 1, 7, 8, 9, 15, 16, 17, 100, 291 - start]) {
        const part = data.subarray(start, start + len);
        expect(crc64(0, part)).toBe(slowCrc64(part));
      }
    }
  });

  it('continues from a previous value', () => {
    const a = Buffer.from('hello ');
    const b = Buffer.from('world');
    expect(crc64(crc64(0, a), b)).toBe(crc64(0, Buffer.concat([a, b])));
    const state = new Crc64();
    state.update(a);
    state.update(b);
    expect(state.value()).toBe(crc64(0, Buffer.from('hello world')));
  });
});
