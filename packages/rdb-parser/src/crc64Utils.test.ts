import { describe, expect, it, vi } from 'vitest';
import { Crc64, crc64, crc64UpdateJs, crc64UpdateWasm } from './crc64Utils.js';

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

/**
 * Bit-at-a-time reference on two uint32 halves (fast enough for megabytes), continuing from `crc`.
 * Checked against slowCrc64 and the check value below.
 */
function bitwiseCrc64(data: Uint8Array, start = 0, end = data.length, crc = 0n): bigint {
  const POLY_LO = 0xac4bc9b5 | 0;
  const POLY_HI = 0x95ac9329 | 0;
  let lo = Number(crc & 0xffffffffn) | 0;
  let hi = Number(crc >> 32n) | 0;
  for (let i = start; i < end; i++) {
    lo ^= data[i]!;
    for (let k = 0; k < 8; k++) {
      const mask = -(lo & 1);
      lo = ((lo >>> 1) | (hi << 31)) ^ (POLY_LO & mask);
      hi = (hi >>> 1) ^ (POLY_HI & mask);
    }
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Reference CRCs of every prefix data[start, start + len), len = 0..data.length - start. */
function prefixCrcs(data: Uint8Array, start: number): bigint[] {
  const out = [0n];
  let crc = 0n;
  for (let i = start; i < data.length; i++) {
    crc = bitwiseCrc64(data, i, i + 1, crc);
    out.push(crc);
  }
  return out;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

function randomBytes(n: number, seed: number): Buffer {
  const next = prng(seed);
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = next() >>> 24;
  return out;
}

type Path = (state: Crc64, data: Uint8Array, start: number, end: number) => void;
const PATHS: [string, Path][] = [
  ['Crc64.update', (s, d, a, b) => s.update(d, a, b)],
  ['js', crc64UpdateJs],
  ['wasm', crc64UpdateWasm],
];

function crcVia(path: Path, data: Uint8Array, start: number, end: number, from = 0n): bigint {
  const state = new Crc64();
  state.lo = Number(from & 0xffffffffn);
  state.hi = Number(from >> 32n);
  path(state, data, start, end);
  return state.value();
}

describe('crc64: JS and wasm paths against a bitwise reference', () => {
  it('the reference matches the BigInt one and the check value', () => {
    const data = randomBytes(1000, 1);
    expect(bitwiseCrc64(data)).toBe(slowCrc64(data));
    expect(bitwiseCrc64(data, 3, 777)).toBe(slowCrc64(data.subarray(3, 777)));
    expect(bitwiseCrc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('every path gives the check value', () => {
    const data = Buffer.from('123456789');
    for (const [, path] of PATHS) expect(crcVia(path, data, 0, data.length)).toBe(0xe9c6d914c4b8d9can);
    // Long enough for the wasm path from Crc64.update too.
    const long = Buffer.from('123456789'.repeat(100));
    for (const [, path] of PATHS) expect(crcVia(path, long, 0, long.length)).toBe(bitwiseCrc64(long));
  });

  it('every length 0..10000 at two alignments, on a whole buffer and a range of a larger one', () => {
    const data = randomBytes(10_100, 2);
    for (const start of [0, 7]) {
      const want = prefixCrcs(data.subarray(0, start + 10_001), start);
      for (let len = 0; len <= 10_000; len++) {
        for (const [name, path] of PATHS) {
          const got = crcVia(path, data, start, start + len);
          if (got !== want[len])
            expect({ name, start, len, got }).toEqual({ name, start, len, got: want[len] });
        }
      }
      // Separate buffers of exactly the input (Crc64.update copies those whole into wasm memory).
      for (let len = 0; len <= 2000; len++) {
        const own = Uint8Array.from(data.subarray(start, start + len));
        for (const [name, path] of PATHS) {
          const got = crcVia(path, own, 0, len);
          if (got !== want[len])
            expect({ name, start, len, got }).toEqual({ name, start, len, got: want[len] });
        }
      }
    }
  });

  it('every alignment 0..15 with short lengths', () => {
    const data = randomBytes(700, 3);
    for (let start = 0; start < 16; start++) {
      const want = prefixCrcs(data.subarray(0, start + 601), start);
      for (let len = 0; len <= 600; len++) {
        for (const [, path] of PATHS) expect(crcVia(path, data, start, start + len)).toBe(want[len]);
      }
    }
  });

  it('random ranges of random buffers, continuing from random values', () => {
    const next = prng(4);
    for (let round = 0; round < 300; round++) {
      const size = next() % 20_000;
      const data = randomBytes(size, next());
      const start = size === 0 ? 0 : next() % size;
      const end = start + (next() % (size - start + 1));
      const from = (BigInt(next()) << 32n) | BigInt(next());
      const want = bitwiseCrc64(data, start, end, from);
      for (const [name, path] of PATHS) {
        expect([name, start, end, crcVia(path, data, start, end, from)]).toEqual([name, start, end, want]);
      }
      expect(crc64(from, data.subarray(start, end))).toBe(want);
    }
  });

  it('lengths around the 64 KiB wasm input window', () => {
    const data = randomBytes(3 * 65536 + 100, 5);
    for (const len of [65535, 65536, 65537, 2 * 65536 - 1, 2 * 65536 + 15, 3 * 65536 + 17]) {
      for (const start of [0, 3]) {
        const want = bitwiseCrc64(data, start, start + len);
        for (const [, path] of PATHS) expect(crcVia(path, data, start, start + len)).toBe(want);
      }
    }
  });

  it('a few MB: whole, random ranges, and random incremental splits', () => {
    const data = randomBytes(3 * 1024 * 1024 + 13, 6);
    const want = bitwiseCrc64(data);
    for (const [, path] of PATHS) expect(crcVia(path, data, 0, data.length)).toBe(want);
    expect(crc64(0, data)).toBe(want);

    const next = prng(7);
    for (let round = 0; round < 3; round++) {
      const start = next() % data.length;
      const end = start + (next() % (data.length - start + 1));
      const rangeWant = bitwiseCrc64(data, start, end);
      for (const [, path] of PATHS) expect(crcVia(path, data, start, end)).toBe(rangeWant);
    }

    for (let round = 0; round < 3; round++) {
      // Pieces from 0 bytes to 200 KB (mostly small), fed as ranges and as separate copies.
      const viaRanges = new Crc64();
      const viaCopies = new Crc64();
      let at = 0;
      while (at < data.length) {
        const r = next();
        const max = r % 4 === 0 ? 200_000 : r % 4 === 1 ? 2000 : 300;
        const end = Math.min(data.length, at + (next() % (max + 1)));
        viaRanges.update(data, at, end);
        viaCopies.update(Buffer.from(data.subarray(at, end)));
        at = end;
      }
      expect(viaRanges.value()).toBe(want);
      expect(viaCopies.value()).toBe(want);
    }
  });

  it('works without WebAssembly (JS path only)', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    try {
      const mod = await import('./crc64Utils.js');
      const data = randomBytes(200_000, 8);
      expect(mod.crc64(0, Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
      expect(mod.crc64(0, data)).toBe(bitwiseCrc64(data));
      const state = new mod.Crc64();
      mod.crc64UpdateWasm(state, data, 5, 150_000);
      expect(state.value()).toBe(bitwiseCrc64(data, 5, 150_000));
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
