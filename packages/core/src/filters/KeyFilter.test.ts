import { describe, expect, it } from 'vitest';
import type { CommandEntry, Entry, KeyEntry, TransactionEntry } from '../entry/Entry.js';
import { KeyFilter } from './KeyFilter.js';

const b = (s: string) => Buffer.from(s);
const key = (k: Buffer | string, db = 0): KeyEntry => ({
  kind: 'key',
  db,
  key: typeof k === 'string' ? b(k) : k,
  type: 'string',
  expireAtMs: null,
  complete: true,
});
const command = (...args: Array<string | Buffer>): CommandEntry => ({
  kind: 'command',
  db: 0,
  argv: args.map((a) => (typeof a === 'string' ? b(a) : a)),
});
const text = (entry: Entry | Entry[] | null) =>
  entry && !Array.isArray(entry) && entry.kind === 'command' ? entry.argv.map(String) : entry;

describe('KeyFilter on key entries', () => {
  it('with allow rules, keeps only keys matching one (exact, prefix, suffix, regex)', () => {
    const filter = new KeyFilter({
      allowKeys: ['exact'],
      allowKeyPrefixes: ['user:'],
      allowKeySuffixes: [':tmp'],
      allowKeyRegex: [/^order-\d+$/],
    });
    for (const k of ['exact', 'user:1', 'user:', 'a:tmp', 'order-12'])
      expect(filter.apply(key(k))).not.toBeNull();
    for (const k of ['exac', 'exactly', 'use', 'xuser:1', 'a:tmpx', 'order-12x', ''])
      expect(filter.apply(key(k))).toBeNull();
  });

  it('block rules drop after allow rules, like RedisShake', () => {
    const filter = new KeyFilter({
      allowKeyPrefixes: ['user:'],
      blockKeySuffixes: [':secret'],
      blockKeys: ['user:0'],
    });
    expect(filter.apply(key('user:1'))).not.toBeNull();
    expect(filter.apply(key('user:1:secret'))).toBeNull();
    expect(filter.apply(key('user:0'))).toBeNull();
    expect(filter.apply(key('other'))).toBeNull();
  });

  it('without allow rules every key not blocked passes, and returns the same object', () => {
    const filter = new KeyFilter({ blockKeyRegex: [/^tmp/g] });
    const entry = key('keep');
    expect(filter.apply(entry)).toBe(entry);
    expect(filter.apply(key('tmp1'))).toBeNull();
    expect(filter.apply(key('tmp2'))).toBeNull(); // a global regex keeps no state between keys
  });

  it('compares binary keys as bytes', () => {
    const binary = Buffer.from([0x00, 0xff, 0x0a, 0x80, 0x41]);
    const filter = new KeyFilter({
      allowKeyPrefixes: [Buffer.from([0x00, 0xff])],
      blockKeys: [Buffer.from([0x00, 0xff, 0x0a])],
      blockKeyRegex: [/\x80A$/],
    });
    expect(filter.apply(key(Buffer.from([0x00, 0xff, 0x01])))).not.toBeNull();
    expect(filter.apply(key(Buffer.from([0x00, 0xff, 0x0a])))).toBeNull();
    expect(filter.apply(key(binary))).toBeNull();
    expect(filter.apply(key(Buffer.from([0x00, 0xfe])))).toBeNull();
    // a UTF-8 text rule matches the UTF-8 bytes of the key
    expect(new KeyFilter({ allowKeySuffixes: ['é'] }).apply(key('café'))).not.toBeNull();
    expect(new KeyFilter({ allowKeys: ['é'] }).apply(key(Buffer.from([0xe9])))).toBeNull();
  });

  it('filters value chunks by key and lets functions pass', () => {
    const filter = new KeyFilter({ allowKeys: ['a'] });
    const chunk: Entry = {
      kind: 'value-chunk',
      db: 0,
      key: b('b'),
      value: { type: 'list', elements: [] },
      last: true,
    };
    expect(filter.apply(chunk)).toBeNull();
    const fn: Entry = { kind: 'function', code: b('#!lua name=x') };
    expect(filter.apply(fn)).toBe(fn);
  });
});

describe('KeyFilter on commands', () => {
  const filter = new KeyFilter({ allowKeyPrefixes: ['a:'] });

  it('keeps or drops a single-key command by its key', () => {
    const set = command('SET', 'a:1', 'v');
    expect(filter.apply(set)).toBe(set);
    expect(filter.apply(command('set', 'b:1', 'v'))).toBeNull();
  });

  it('splits DEL/UNLINK/EXISTS/TOUCH and MSET/MSETNX, keeping only allowed keys', () => {
    expect(text(filter.apply(command('DEL', 'a:1', 'b:1', 'a:2')))).toEqual(['DEL', 'a:1', 'a:2']);
    expect(text(filter.apply(command('unlink', 'b:1', 'a:2')))).toEqual(['unlink', 'a:2']);
    expect(text(filter.apply(command('MSET', 'b:1', '1', 'a:1', '2', 'b:2', '3')))).toEqual([
      'MSET',
      'a:1',
      '2',
    ]);
    expect(filter.apply(command('MSETNX', 'b:1', '1', 'b:2', '2'))).toBeNull();
    const all = command('DEL', 'a:1', 'a:2');
    expect(filter.apply(all)).toBe(all);
  });

  it('judges other multi-key commands by their first key', () => {
    expect(filter.apply(command('RENAME', 'a:1', 'b:1'))).not.toBeNull();
    expect(filter.apply(command('RENAME', 'b:1', 'a:1'))).toBeNull();
    expect(filter.apply(command('BITOP', 'AND', 'a:dest', 'b:1'))).not.toBeNull();
    expect(filter.apply(command('BITOP', 'AND', 'b:dest', 'a:1'))).toBeNull();
    expect(filter.apply(command('EVAL', 'return 1', '1', 'b:1'))).toBeNull();
    expect(filter.apply(command('FCALL', 'f', '2', 'a:1', 'b:1'))).not.toBeNull();
    expect(filter.apply(command('LMPOP', '1', 'b:1', 'LEFT'))).toBeNull();
    expect(filter.apply(command('XGROUP', 'CREATE', 'a:stream', 'g', '$'))).not.toBeNull();
    expect(filter.apply(command('XGROUP', 'CREATE', 'b:stream', 'g', '$'))).toBeNull();
  });

  it('lets commands without keys pass', () => {
    for (const c of [
      command('FLUSHALL'),
      command('EVAL', 'return 1', '0'),
      command('PUBLISH', 'b:chan', 'm'),
      command('SWAPDB', '0', '1'),
    ])
      expect(filter.apply(c)).toBe(c);
  });

  it('filters binary keys in commands', () => {
    const f = new KeyFilter({ blockKeyPrefixes: [Buffer.from([0xff])] });
    const out = f.apply(command('DEL', Buffer.from([0xff, 0x00]), Buffer.from([0x00, 0xff])));
    expect(out && !Array.isArray(out) && out.kind === 'command' && out.argv[1]).toEqual(
      Buffer.from([0x00, 0xff]),
    );
  });
});

describe('KeyFilter on transactions', () => {
  const filter = new KeyFilter({ blockKeyPrefixes: ['tmp:'] });
  const tx = (...commands: string[][]): TransactionEntry => ({
    kind: 'transaction',
    db: 0,
    commands: commands.map((c) => c.map(b)),
  });

  it('filters per command and returns the same object when nothing is dropped', () => {
    const keep = tx(['SET', 'a', '1'], ['INCR', 'b']);
    expect(filter.apply(keep)).toBe(keep);
    const out = filter.apply(
      tx(['SET', 'a', '1'], ['SET', 'tmp:1', '2'], ['DEL', 'tmp:2', 'c']),
    ) as TransactionEntry;
    expect(out.commands.map((c) => c.map(String))).toEqual([
      ['SET', 'a', '1'],
      ['DEL', 'c'],
    ]);
  });

  it('drops a transaction left with nothing but SELECTs', () => {
    expect(filter.apply(tx(['SET', 'tmp:1', '1']))).toBeNull();
    expect(filter.apply(tx(['SELECT', '1'], ['SET', 'tmp:1', '1'], ['SELECT', '0']))).toBeNull();
  });
});
