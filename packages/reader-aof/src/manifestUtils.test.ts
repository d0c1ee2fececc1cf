import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifestUtils.js';

describe('parseManifest', () => {
  it('returns the base then the incr files in order, without history files', () => {
    const text =
      'file appendonly.aof.1.base.rdb seq 1 type h\n' +
      'file appendonly.aof.2.base.rdb seq 2 type b\n' +
      '# a comment\n' +
      'file appendonly.aof.2.incr.aof seq 2 type i\n' +
      'type i seq 3 file "appendonly.aof.3.incr.aof"\n' +
      '# a last comment without newline';
    expect(parseManifest(text, 'm')).toEqual([
      { file: 'appendonly.aof.2.base.rdb', seq: 2, type: 'b' },
      { file: 'appendonly.aof.2.incr.aof', seq: 2, type: 'i' },
      { file: 'appendonly.aof.3.incr.aof', seq: 3, type: 'i' },
    ]);
  });

  it.each([
    ['a line without newline', 'file a seq 1 type b', /newline/],
    ['an unknown type', 'file a seq 1 type x\n', /unknown file type/],
    ['a path instead of a name', 'file ../a seq 1 type b\n', /path/],
    ['two bases', 'file a seq 1 type b\nfile b seq 2 type b\n', /base files/],
    ['decreasing incr seqs', 'file a seq 3 type i\nfile b seq 2 type i\n', /non-increasing/],
    ['missing fields', 'file a seq 1\n', /expected/],
    ['nothing to load', '# empty\n', /no base/],
    ['a blank line', 'file a seq 1 type b\n\n', /blank/],
    ['seq 0', 'file a seq 0 type b\n', /invalid seq/],
  ])('rejects %s, naming the manifest', (_, text, why) => {
    expect(() => parseManifest(text, '/x/appendonly.aof.manifest')).toThrow(why);
    expect(() => parseManifest(text, '/x/appendonly.aof.manifest')).toThrow('/x/appendonly.aof.manifest');
  });
});
