import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeRestore, encodeSelect, RespWriter } from './respUtils.js';

describe('encodeCommand', () => {
  it('encodes a command as an array of bulk strings, binary-safe', () => {
    expect(encodeCommand(['SET', 'k', 12]).toString('latin1')).toBe(
      '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n12\r\n',
    );
    const binary = Buffer.from([0x00, 0xff, 0x0d, 0x0a]);
    expect(encodeCommand(['ECHO', binary])).toEqual(
      Buffer.concat([Buffer.from('*2\r\n$4\r\nECHO\r\n$4\r\n'), binary, Buffer.from('\r\n')]),
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(encodeCommand(['é']).toString('utf8')).toBe('*1\r\n$2\r\né\r\n');
  });
});

describe('encodeRestore', () => {
  it('writes RESTORE key ttl payload REPLACE ABSTTL with 0 for no expiry', () => {
    const payload = Buffer.from([1, 2, 3]);
    expect(encodeRestore(Buffer.from('k'), -1, payload)).toEqual(
      encodeCommand(['RESTORE', 'k', '0', payload, 'REPLACE', 'ABSTTL']),
    );
    expect(encodeRestore(Buffer.from('k'), 4102444800000, payload).toString('latin1')).toContain(
      '$13\r\n4102444800000\r\n',
    );
  });

  it('encodes SELECT', () => {
    expect(encodeSelect(1).toString()).toBe('*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n');
  });
});

describe('RespWriter', () => {
  it('writes the same bytes as encodeCommand, growing as needed', () => {
    const writer = new RespWriter();
    const big = Buffer.alloc(3 << 20, 7);
    const commands = [['SET', 'a', 1], ['SET', Buffer.from('b'), big], ['PING']];
    for (const command of commands) writer.command(command);
    expect(writer.take().equals(Buffer.concat(commands.map(encodeCommand)))).toBe(true);
    expect(writer.size).toBe(0);
  });
});
