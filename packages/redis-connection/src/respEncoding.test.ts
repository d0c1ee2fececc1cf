import { describe, expect, it } from 'vitest';
import { encodeCommand } from './respEncoding.js';

const encode = (args: Parameters<typeof encodeCommand>[0]) => {
  const out: Buffer[] = [];
  const n = encodeCommand(args, out);
  const all = Buffer.concat(out);
  expect(all.length).toBe(n);
  return all;
};

describe('encodeCommand', () => {
  it('encodes strings, numbers and buffers as RESP bulk strings', () => {
    expect(encode(['SET', Buffer.from('k\x00y'), 42]).toString('latin1')).toBe(
      '*3\r\n$3\r\nSET\r\n$3\r\nk\x00y\r\n$2\r\n42\r\n',
    );
  });
  it('counts UTF-8 strings in bytes', () => {
    expect(encode(['ECHO', 'ü']).toString('utf8')).toBe('*2\r\n$4\r\nECHO\r\n$2\r\nü\r\n');
  });
  it('references big buffers instead of copying them, in order', () => {
    const big = Buffer.alloc(40_000, 7);
    const out: Buffer[] = [];
    encodeCommand(['RESTORE', 'k', 0, big, 'REPLACE'], out);
    expect(out).toContain(big);
    expect(Buffer.concat(out).toString('latin1')).toBe(
      `*5\r\n$7\r\nRESTORE\r\n$1\r\nk\r\n$1\r\n0\r\n$40000\r\n${big.toString('latin1')}\r\n$7\r\nREPLACE\r\n`,
    );
  });
  it('encodes an empty argument', () => {
    expect(encode(['SET', 'k', '']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n');
  });
});
