import { describe, expect, it } from 'vitest';
import * as C from '../src/rdbConstants.js';
import { encodeListpack, encodeZiplist } from './containerTestUtils.js';
import { collectKeys, EXPECTED_FAILURES, listRdbFixtures, parseAll, readFixture } from './fixtureUtils.js';
import { keyRecord, len, lzfStr, rdbFile, str } from './rdbBuildUtils.js';

const f64 = (v: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b;
};
const intset = (members: number[]): Buffer => {
  const b = Buffer.alloc(8 + members.length * 2);
  b.writeUInt32LE(2, 0);
  b.writeUInt32LE(members.length, 4);
  for (const [i, m] of members.entries()) b.writeInt16LE(m, 8 + i * 2);
  return b;
};
/** A listpack whose count header says 65535 ("unknown"). */
const unknownCount = (lp: Buffer): Buffer => {
  const b = Buffer.from(lp);
  b.writeUInt16LE(65535, 4);
  return b;
};
const nonEmptyLp = encodeListpack([0, 0, 0, 0, 0]);
/** nonEmptyLp as LZF with a back reference: its 6-byte header and "00 01", then 8 bytes copied from 2 back. */
const nonEmptyLpLzf = lzfStr(nonEmptyLp, [7, ...nonEmptyLp.subarray(0, 8), 0xc0, 1], 16);
const hashLpEx = (items: (string | number)[]): Buffer =>
  Buffer.concat([f64(0).fill(0), str(encodeListpack(items))]);

/** [name, type, body, empty] */
const CASES: [string, number, Buffer, boolean][] = [
  ['string ""', C.T_STRING, str(''), false],
  ['list 0', C.T_LIST, len(0), true],
  ['list 1', C.T_LIST, Buffer.concat([len(1), str('a')]), false],
  ['set 0', C.T_SET, len(0), true],
  ['set 1', C.T_SET, Buffer.concat([len(1), str('a')]), false],
  ['zset 0', C.T_ZSET, len(0), true],
  ['zset_2 0', C.T_ZSET_2, len(0), true],
  ['zset_2 1', C.T_ZSET_2, Buffer.concat([len(1), str('a'), f64(1)]), false],
  ['hash 0', C.T_HASH, len(0), true],
  ['hash 1', C.T_HASH, Buffer.concat([len(1), str('f'), str('v')]), false],
  ['zipmap 0', C.T_HASH_ZIPMAP, str(Buffer.from([0, 0xff])), true],
  ['zipmap unknown count, 0', C.T_HASH_ZIPMAP, str(Buffer.from([254, 0xff])), true],
  ['zipmap 1', C.T_HASH_ZIPMAP, str(Buffer.from([1, 1, 0x66, 1, 0, 0x76, 0xff])), false],
  ['ziplist list 0', C.T_LIST_ZIPLIST, str(encodeZiplist([])), true],
  ['ziplist list 1', C.T_LIST_ZIPLIST, str(encodeZiplist(['a'])), false],
  ['ziplist list 0 (LZF)', C.T_LIST_ZIPLIST, lzfStr(encodeZiplist([])), true],
  ['ziplist hash 0', C.T_HASH_ZIPLIST, str(encodeZiplist([])), true],
  ['ziplist zset 1', C.T_ZSET_ZIPLIST, str(encodeZiplist(['a', 1])), false],
  ['intset 0', C.T_SET_INTSET, str(intset([])), true],
  ['intset 2', C.T_SET_INTSET, str(intset([1, 2])), false],
  ['listpack set 0', C.T_SET_LISTPACK, str(encodeListpack([])), true],
  ['listpack set 0, count unknown', C.T_SET_LISTPACK, str(unknownCount(encodeListpack([]))), true],
  ['listpack set 5, count unknown', C.T_SET_LISTPACK, str(unknownCount(nonEmptyLp)), false],
  ['listpack set 5 (LZF, back reference)', C.T_SET_LISTPACK, nonEmptyLpLzf, false],
  ['listpack zset 0', C.T_ZSET_LISTPACK, str(encodeListpack([])), true],
  ['listpack hash 0 (LZF)', C.T_HASH_LISTPACK, lzfStr(encodeListpack([])), true],
  ['listpack hash 1', C.T_HASH_LISTPACK, str(encodeListpack(['f', 'v'])), false],
  ['listpackex hash 0', C.T_HASH_LISTPACK_EX, hashLpEx([]), true],
  ['listpackex hash 1', C.T_HASH_LISTPACK_EX, hashLpEx(['f', 'v', 0]), false],
  ['quicklist 0 nodes', C.T_LIST_QUICKLIST, len(0), true],
  [
    'quicklist 2 empty nodes',
    C.T_LIST_QUICKLIST,
    Buffer.concat([len(2), str(encodeZiplist([])), lzfStr(encodeZiplist([]))]),
    true,
  ],
  [
    'quicklist empty node, then 1 element',
    C.T_LIST_QUICKLIST,
    Buffer.concat([len(2), str(encodeZiplist([])), str(encodeZiplist(['a']))]),
    false,
  ],
  ['quicklist_2 0 nodes', C.T_LIST_QUICKLIST_2, len(0), true],
  [
    'quicklist_2 empty packed nodes',
    C.T_LIST_QUICKLIST_2,
    Buffer.concat([len(2), len(2), str(encodeListpack([])), len(2), lzfStr(encodeListpack([]))]),
    true,
  ],
  [
    'quicklist_2 empty node, then a plain node',
    C.T_LIST_QUICKLIST_2,
    Buffer.concat([len(2), len(2), str(encodeListpack([])), len(1), str('big element')]),
    false,
  ],
  [
    'quicklist_2 empty node, then an LZF node',
    C.T_LIST_QUICKLIST_2,
    Buffer.concat([len(2), len(2), str(encodeListpack([])), len(2), nonEmptyLpLzf]),
    false,
  ],
];

describe('empty values (redis-server skips them on load)', () => {
  const file = rdbFile(
    CASES.map(([name, type, body]) => keyRecord(type, name, body)),
    12,
  );

  for (const mode of ['raw', 'decoded', 'both'] as const) {
    for (const chunk of [0, 1, 7]) {
      it(`flags them in ${mode} mode (${chunk ? `${chunk}-byte pushes` : 'whole input'})`, () => {
        const keys = collectKeys(parseAll(file, { mode, chunkElements: 2 }, chunk));
        expect(keys.map((k) => [k.key.key.toString(), k.key.empty])).toEqual(
          CASES.map(([name, , , empty]) => [name, empty]),
        );
      });
    }
  }

  it('flags every key of the corrupt_empty_keys fixtures, in every mode', () => {
    for (const rel of [
      'Snapchat__KeyDB/corrupt_empty_keys.rdb',
      'valkey-io__valkey/corrupt_empty_keys.rdb',
    ]) {
      for (const mode of ['raw', 'decoded', 'both'] as const) {
        const keys = collectKeys(parseAll(readFixture(rel), { mode }, 13));
        expect(keys.length).toBeGreaterThanOrEqual(8);
        expect(keys.filter((k) => !k.key.empty).map((k) => k.key.key.toString())).toEqual([]);
      }
    }
  });

  it('raw mode (from counts and headers) and decoded mode (from elements) agree on every fixture', () => {
    let empty = 0;
    for (const rel of listRdbFixtures()) {
      if (EXPECTED_FAILURES[rel]) continue;
      const data = readFixture(rel);
      const raw = collectKeys(parseAll(data, { mode: 'raw' })).map((k) => k.key.empty);
      const decoded = collectKeys(parseAll(data, { mode: 'decoded' })).map((k) => k.key.empty);
      expect(raw, rel).toEqual(decoded);
      empty += raw.filter(Boolean).length;
    }
    // The two corrupt_empty_keys files (8 + 9 keys); no other fixture holds an empty value.
    expect(empty).toBe(17);
  });
});
