import { describe, expect, it } from 'vitest';
import { type AofItem, AofCommandParser } from './AofCommandParser.js';
import { AofFormatError } from './AofFormatError.js';

const AOF = Buffer.from(
  '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n#TS:1700000000\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\nb\r\n*1\r\n$5\r\nMULTI\r\n',
  'latin1',
);

function describeItems(items: AofItem[]): string[] {
  return items.map((i) =>
    i.kind === 'command'
      ? `${i.offset} ${i.argv.map((a) => JSON.stringify(a.toString('latin1'))).join(' ')}`
      : `${i.offset} #${i.text}`,
  );
}

describe('AofCommandParser', () => {
  const expected = ['0 "SELECT" "0"', '23 #TS:1700000000', '39 "SET" "k" "a\\r\\nb"', '69 "MULTI"'];

  it('parses commands and annotations with their offsets', () => {
    const parser = new AofCommandParser();
    expect(describeItems(parser.push(AOF))).toEqual(expected);
    expect(parser.buffered).toBe(0);
    expect(parser.offset).toBe(AOF.length);
  });

  it('gives the same items whatever the chunking, byte by byte included', () => {
    for (const size of [1, 2, 3, 7, 16]) {
      const parser = new AofCommandParser();
      const items: AofItem[] = [];
      for (let i = 0; i < AOF.length; i += size) items.push(...parser.push(AOF.subarray(i, i + size)));
      expect(describeItems(items)).toEqual(expected);
    }
  });

  it('keeps an incomplete command buffered and reports where it starts', () => {
    const parser = new AofCommandParser(100);
    const cut = AOF.subarray(0, 50);
    expect(describeItems(parser.push(cut))).toEqual(['100 "SELECT" "0"', '123 #TS:1700000000']);
    expect(parser.offset).toBe(139);
    expect(parser.buffered).toBe(11);
  });

  it.each([
    ['a line that is not a command', 'SET k v\r\n', 0],
    ['a missing "$"', '*1\r\n+OK\r\n', 4],
    ['an argument not followed by CRLF', '*1\r\n$2\r\nabc\r\n', 10],
    ['a bad argument count', '*x\r\n', 1],
    ['a count line ending with LF only', '*1\n$1\na\n', 2],
  ])('rejects %s with the byte offset', (_, text, offset) => {
    const parser = new AofCommandParser();
    try {
      parser.push(Buffer.from(text, 'latin1'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AofFormatError);
      expect((error as AofFormatError).offset).toBe(offset);
      expect((error as Error).message).toContain(`byte ${offset}`);
    }
  });
});
