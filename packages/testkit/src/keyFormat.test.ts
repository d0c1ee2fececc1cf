import { describe, expect, it } from 'vitest';
import { formatKey } from './keyFormat.js';

describe('formatKey', () => {
  it('JSON-quotes valid UTF-8', () => {
    expect(formatKey(Buffer.from('user:1'))).toBe('"user:1"');
    expect(formatKey(Buffer.from('é "q"\n'))).toBe('"é \\"q\\"\\n"');
  });

  it('escapes bytes that are not UTF-8 as \\xNN', () => {
    expect(formatKey(Buffer.from([0x6b, 0xff, 0x00, 0x22, 0x5c]))).toBe('"k\\xff\\x00\\"\\\\"');
  });
});
