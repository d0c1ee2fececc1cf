import { describe, expect, it } from 'vitest';
import type { Entry, TransactionEntry } from '../entry/Entry.js';
import { DbFilter } from './DbFilter.js';
import { DbMapFilter } from './DbMapFilter.js';

const b = (s: string) => Buffer.from(s);
const key = (db: number): Entry => ({
  kind: 'key',
  db,
  key: Buffer.from([0, 0xff]),
  type: 'string',
  expireAtMs: null,
  complete: true,
});
const tx = (db: number, ...commands: string[][]): TransactionEntry => ({
  kind: 'transaction',
  db,
  commands: commands.map((c) => c.map(b)),
});
const texts = (entry: Entry | Entry[] | null) =>
  (entry as TransactionEntry).commands.map((c) => c.map(String));

describe('DbFilter', () => {
  it('keeps allowed dbs, then drops blocked ones', () => {
    const filter = new DbFilter({ allowDbs: [0, 1], blockDbs: [1] });
    const entry = key(0);
    expect(filter.apply(entry)).toBe(entry);
    expect(filter.apply(key(1))).toBeNull();
    expect(filter.apply(key(2))).toBeNull();
    expect(filter.apply({ kind: 'command', db: 3, argv: [b('SET'), b('k'), b('v')] })).toBeNull();
  });

  it('lets functions pass and filters transactions per SELECTed db', () => {
    const filter = new DbFilter({ blockDbs: [1] });
    const fn: Entry = { kind: 'function', code: b('x') };
    expect(filter.apply(fn)).toBe(fn);
    const out = filter.apply(tx(0, ['SET', 'a', '1'], ['SELECT', '1'], ['SET', 'b', '2'], ['SELECT', '0']));
    expect(texts(out)).toEqual([
      ['SET', 'a', '1'],
      ['SELECT', '1'],
      ['SELECT', '0'],
    ]);
    expect(filter.apply(tx(1, ['SET', 'a', '1']))).toBeNull();
  });
});

describe('DbMapFilter', () => {
  const filter = new DbMapFilter({ 3: 0, 5: 0 });

  it('moves entries of mapped dbs and leaves the others untouched', () => {
    expect(filter.apply(key(3))).toMatchObject({ kind: 'key', db: 0, key: Buffer.from([0, 0xff]) });
    const other = key(4);
    expect(filter.apply(other)).toBe(other);
  });

  it('maps a transaction and the SELECTs inside it', () => {
    const out = filter.apply(tx(3, ['SET', 'a', '1'], ['SELECT', '5'], ['SET', 'b', '2'], ['SELECT', '3']));
    expect(out).toMatchObject({ db: 0 });
    expect(texts(out)).toEqual([
      ['SET', 'a', '1'],
      ['SELECT', '0'],
      ['SET', 'b', '2'],
      ['SELECT', '0'],
    ]);
    expect(texts(filter.apply(tx(1, ['select', '3'], ['SET', 'c', '3'])))).toEqual([
      ['select', '0'],
      ['SET', 'c', '3'],
    ]);
    const same = tx(1, ['SET', 'a', '1']);
    expect(filter.apply(same)).toBe(same);
  });
});
