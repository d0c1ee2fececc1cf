import { describe, expect, it } from 'vitest';
import { RespEncoder } from './respEncoding.js';
import { type Arg, encodedArgument, encodedCommandName, keyOf, type SentCommand } from './SentCommand.js';

/** Encodes `args` with the write path's encoder and returns the region it says the command went to. */
function encoded(args: Arg[]): { buffer: Buffer; start: number; end: number } {
  const encoder = new RespEncoder();
  encoder.encode(['SET', 'before', 'x']);
  encoder.encode(args);
  const { buffer, start, end } = encoder.last;
  return { buffer: buffer!, start, end };
}

const unit = (fields: Partial<SentCommand>): SentCommand => ({
  args: [],
  db: 0,
  bytes: 0,
  acked: false,
  sends: 0,
  ...fields,
});

describe('encodedArgument', () => {
  it('reads every argument of an encoded command, binary bytes included', () => {
    const key = Buffer.from([0, 13, 10, 36, 255]);
    const { buffer, start } = encoded(['RESTORE', key, 1700000000000, Buffer.alloc(300, 7), 'REPLACE']);
    expect(encodedArgument(buffer, start, 0)?.toString()).toBe('RESTORE');
    expect(encodedArgument(buffer, start, 1)?.equals(key)).toBe(true);
    expect(encodedArgument(buffer, start, 2)?.toString()).toBe('1700000000000');
    expect(encodedArgument(buffer, start, 3)?.equals(Buffer.alloc(300, 7))).toBe(true);
    expect(encodedArgument(buffer, start, 4)?.toString()).toBe('REPLACE');
    expect(encodedArgument(buffer, start, 5)).toBeUndefined();
    expect(encodedCommandName(buffer, start)).toBe('RESTORE');
  });

  it('gives undefined, not garbage, for bytes that are not a RESP command', () => {
    const junk = Buffer.from('*2\r\n$99\r\nSET\r\n');
    expect(encodedArgument(junk, 0, 0)).toBeUndefined();
    expect(encodedArgument(Buffer.from('hello'), 0, 1)).toBeUndefined();
    expect(encodedCommandName(junk, 0)).toBe('?');
  });
});

describe('keyOf', () => {
  const key = Buffer.from('user:42');

  it('is the key a unit names', () => {
    expect(keyOf(unit({ args: ['XGROUP', 'CREATE', key], key }))?.toString()).toBe('user:42');
  });

  it('is the first argument of a keyed unit, from its arguments or, once sent, from its bytes', () => {
    const args: Arg[] = ['RESTORE', key, 0, Buffer.alloc(40, 1), 'REPLACE', 'ABSTTL'];
    expect(keyOf(unit({ args, keyIsFirstArgument: true }))?.toString()).toBe('user:42');
    const { buffer, start, end } = encoded(args);
    const sent = unit({ keyIsFirstArgument: true, encoded: buffer, encodedStart: start, encodedEnd: end });
    expect(keyOf(sent)?.toString()).toBe('user:42');
  });

  it('is undefined for a unit that writes no single key', () => {
    expect(keyOf(unit({ args: ['FUNCTION', 'LOAD', 'code'] }))).toBeUndefined();
  });
});
