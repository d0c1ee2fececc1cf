import { RdbParseError } from '../src/RdbParseError.js';
import { RdbParser } from '../src/RdbParser.js';
import type { RdbParserOptions } from '../src/types.js';

/** Small seeded PRNG (mulberry32), so failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Applies 1-3 random mutations: bit flips, huge length fields, unknown type bytes, cuts. */
export function mutate(data: Buffer, rnd: () => number): Buffer {
  let out = Buffer.from(data);
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const at = 9 + Math.floor(rnd() * Math.max(1, out.length - 9));
    if (at >= out.length) break;
    const kind = Math.floor(rnd() * 6);
    if (kind <= 1) out[at] ^= 1 << Math.floor(rnd() * 8);
    else if (kind === 2) {
      // A length field set huge: 32-bit or 64-bit length markers followed by 0xff bytes.
      out[at] = rnd() < 0.5 ? 0x80 : 0x81;
      for (let j = 1; j <= 8 && at + j < out.length; j++) out[at + j] = 0xff;
    } else if (kind === 3) out[at] = [27, 30, 99, 200, 0xf0, 0xf3][Math.floor(rnd() * 6)]!;
    else if (kind === 4) out[at] = Math.floor(rnd() * 256);
    else out = out.subarray(0, at);
  }
  return out;
}

/**
 * Parses `data` and checks the outcome is a success or an RdbParseError with an offset inside the input
 * (never another exception), and that no single allocation exceeds what the input could justify.
 */
export function parseHostile(data: Buffer, options: RdbParserOptions, chunk = 0): 'ok' | RdbParseError {
  const limit = data.length * 90 + 1024;
  const original = Buffer.allocUnsafe;
  Buffer.allocUnsafe = (size: number) => {
    if (size > limit) throw new Error(`allocation of ${size} bytes for a ${data.length}-byte input`);
    return original(size);
  };
  try {
    const parser = new RdbParser(options);
    if (chunk <= 0) parser.push(data);
    else for (let i = 0; i < data.length; i += chunk) parser.push(data.subarray(i, i + chunk));
    parser.end();
    return 'ok';
  } catch (e) {
    if (!(e instanceof RdbParseError)) throw e;
    if (!(e.offset >= 0 && e.offset <= data.length))
      throw new Error(`offset ${e.offset} outside input: ${e.message}`);
    if (e.message.includes('\n')) throw new Error(`multi-line message: ${e.message}`);
    return e;
  } finally {
    Buffer.allocUnsafe = original;
  }
}
