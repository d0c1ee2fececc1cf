import { describe, expect, it } from 'vitest';
import { prng } from '../test/hostileUtils.js';
import { intBuffer, parseScore, parseScoreBytes, readDoubleLE, readIntLE, viewOf } from './numberUtils.js';

describe('intBuffer', () => {
  it('gives the decimal text of every kind of integer', () => {
    const values: (number | bigint)[] = [
      0,
      1,
      9,
      10,
      1023,
      1024,
      -1,
      -1024,
      99999,
      100000,
      2147483647,
      -2147483648,
      2147483648,
      9999999999,
      10000000000,
      123456789012345,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      9223372036854775807n,
      -9223372036854775808n,
    ];
    for (let i = 0; i < 17; i++) values.push(10 ** i - 1, 10 ** i, -(10 ** i));
    for (const v of values) {
      const b = intBuffer(v);
      expect(Buffer.isBuffer(b)).toBe(true);
      expect(b.toString('latin1')).toBe(String(v));
    }
  });

  it('keeps earlier texts intact while filling new slabs', () => {
    const rnd = prng(3);
    const made: [number, Buffer][] = [];
    for (let i = 0; i < 5000; i++) {
      const v = Math.floor((rnd() - 0.5) * 2 * 10 ** Math.floor(rnd() * 16));
      made.push([v, intBuffer(v)]);
    }
    for (const [v, b] of made) expect(b.toString('latin1')).toBe(String(v));
  });
});

describe('readIntLE', () => {
  it('reads signed integers of 1, 2, 3, 4 and 8 bytes, BigInt beyond 2^53', () => {
    const b = Buffer.alloc(8);
    const cases: [number, bigint][] = [
      [1, -128n],
      [1, 127n],
      [2, -32768n],
      [2, 32767n],
      [3, -8388608n],
      [3, 8388607n],
      [4, -2147483648n],
      [4, 2147483647n],
      [8, 0n],
      [8, 9007199254740991n],
      [8, -9007199254740991n],
      [8, 9007199254740992n],
      [8, -9007199254740992n],
      [8, 9223372036854775807n],
      [8, -9223372036854775808n],
      [8, -4294967296n],
      [8, -4294967297n],
    ];
    for (const [bytes, v] of cases) {
      b.fill(0);
      b.writeBigInt64LE(BigInt.asIntN(64, v));
      const got = readIntLE(b, 0, bytes);
      const safe = v >= -9007199254740991n && v <= 9007199254740991n;
      expect(typeof got).toBe(safe ? 'number' : 'bigint');
      expect(BigInt(got)).toBe(v);
    }
  });
});

describe('readDoubleLE', () => {
  it('reads IEEE 754 doubles', () => {
    const b = Buffer.alloc(12);
    for (const v of [0, -0, 1.5, -2.25e300, Number.MIN_VALUE, Number.POSITIVE_INFINITY, Math.PI]) {
      b.writeDoubleLE(v, 3);
      expect(Object.is(readDoubleLE(b, 3), v)).toBe(true);
    }
  });
});

describe('parseScoreBytes', () => {
  it('agrees with parseScore on every kind of text', () => {
    const texts = [
      '0',
      '-0',
      '-0.0',
      '1',
      '-1',
      '12345.625',
      '0.1',
      '.5',
      '-.5',
      '5.',
      '-',
      '',
      ' 1',
      '1 ',
      '1e5',
      '1E-5',
      'inf',
      '-inf',
      '+inf',
      'Infinity',
      'nan',
      '0x10',
      '+5',
      '1.2.3',
      '999999999999999',
      '9999999999999999',
      '123456789012345678901234567890',
      '0.30000000000000004',
      '00012.5000',
      '1-2',
    ];
    const rnd = prng(5);
    const alphabet = '0123456789.-+e ';
    for (let i = 0; i < 20000; i++) {
      let t = '';
      const n = Math.floor(rnd() * 20);
      for (let j = 0; j < n; j++)
        t += rnd() < 0.85 ? String(Math.floor(rnd() * 10)) : alphabet[Math.floor(rnd() * alphabet.length)];
      texts.push(t);
    }
    for (const t of texts) {
      const b = Buffer.from(`xx${t}yy`, 'latin1');
      const got = parseScoreBytes(b, 2, 2 + t.length);
      expect(Object.is(got, parseScore(t)), t).toBe(true);
    }
  });
});

describe('viewOf', () => {
  it('views the bytes without copying', () => {
    const b = Buffer.from('hello world');
    const v = viewOf(b, 6, 11);
    expect(Buffer.isBuffer(v)).toBe(true);
    expect(v.buffer).toBe(b.buffer);
    expect(v.toString()).toBe('world');
  });
});
