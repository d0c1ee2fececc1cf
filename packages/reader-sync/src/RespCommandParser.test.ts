import { describe, expect, it } from 'vitest';
import { RespCommandParser } from './RespCommandParser.js';

const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

function drain(parser: RespCommandParser): string[][] {
  const out: string[][] = [];
  for (let argv = parser.next(); argv; argv = parser.next()) out.push(argv.map(String));
  return out;
}

describe('RespCommandParser', () => {
  it('parses commands and counts their bytes as the master does', () => {
    const parser = new RespCommandParser();
    const bytes = resp('SELECT', '0') + resp('SET', 'k', 'v') + resp('PING');
    parser.push(Buffer.from(bytes));
    expect(drain(parser)).toEqual([['SELECT', '0'], ['SET', 'k', 'v'], ['PING']]);
    expect(parser.consumed).toBe(Buffer.byteLength(bytes));
    expect(parser.buffered).toBe(0);
  });

  it('gives the same commands whatever the chunking, down to one byte at a time', () => {
    const bytes = Buffer.from(
      resp('SET', 'key', 'x'.repeat(1000)) + resp('HSET', 'h', 'f', '') + resp('DEL', 'a'),
    );
    for (const size of [1, 2, 3, 7, 64, 999, bytes.length]) {
      const parser = new RespCommandParser();
      const out: string[][] = [];
      for (let i = 0; i < bytes.length; i += size) {
        parser.push(bytes.subarray(i, i + size));
        out.push(...drain(parser));
      }
      expect(out.map((c) => c[0])).toEqual(['SET', 'HSET', 'DEL']);
      expect(out[0]![2]!.length).toBe(1000);
      expect(out[1]![3]).toBe('');
      expect(parser.consumed).toBe(bytes.length);
    }
  });

  it('keeps binary arguments intact', () => {
    const value = Buffer.from([0, 13, 10, 255, 42, 36]);
    const head = Buffer.from(`*2\r\n$3\r\nGET\r\n$${value.length}\r\n`);
    const parser = new RespCommandParser();
    parser.push(Buffer.concat([head, value, Buffer.from('\r\n')]));
    expect(parser.next()![1]).toEqual(value);
  });

  it('does not count an incomplete command', () => {
    const parser = new RespCommandParser();
    parser.push(Buffer.from(resp('SET', 'k', 'value').slice(0, -3)));
    expect(parser.next()).toBeNull();
    expect(parser.consumed).toBe(0);
    parser.reset();
    expect(parser.buffered).toBe(0);
  });

  it('rejects what is not a RESP array with a format error', () => {
    const parser = new RespCommandParser();
    parser.push(Buffer.from('+OK\r\n'));
    expect(() => parser.next()).toThrow(expect.objectContaining({ code: 'E_SOURCE_FORMAT' }));
  });
});
