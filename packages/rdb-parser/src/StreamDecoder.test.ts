import { describe, expect, it } from 'vitest';
import { encodeListpack } from '../test/containerTestUtils.js';
import { collectKeys, parseAll } from '../test/fixtureUtils.js';
import { keyRecord, len, rdbFile, str } from '../test/rdbBuildUtils.js';
import { RdbParseError } from './RdbParseError.js';
import type { StreamEntry } from './types.js';

/** A type-15 stream of one listpack node (master ID `ms`-`seq`); `asText`: numbers stored as strings. */
function streamFile(ms: bigint, seq: bigint, asText: boolean): Buffer {
  const n = (v: number): string | number => (asText ? String(v) : v);
  const items: (string | number)[] = [
    n(3), // count
    n(1), // deleted
    n(2), // master fields
    'f1',
    'f2',
    n(0),
    // 1: same fields as the master entry
    n(2),
    n(0),
    n(0),
    'a',
    'b',
    n(5),
    // 2: deleted
    n(3),
    n(1),
    n(0),
    'x',
    'y',
    n(5),
    // 3: own fields, a negative sequence delta
    n(0),
    n(2),
    n(-1),
    n(1),
    'g',
    123456,
    n(6),
    // 4: same fields
    n(2),
    n(7),
    n(4),
    'c',
    'd',
    n(5),
  ];
  const nodeKey = Buffer.alloc(16);
  nodeKey.writeBigUInt64BE(ms, 0);
  nodeKey.writeBigUInt64BE(seq, 8);
  const body = Buffer.concat([
    len(1),
    str(nodeKey),
    str(encodeListpack(items)),
    len(3), // length
    len(0), // last ms (not checked)
    len(0), // last seq
    len(0), // groups
  ]);
  return rdbFile([keyRecord(15, 's', body)], 9);
}

function entries(file: Buffer): StreamEntry[] {
  const [key] = collectKeys(parseAll(file, { mode: 'decoded' }));
  return key!.chunks.flatMap((c) => (c.type === 'stream' ? c.entries : []));
}

const text = (es: StreamEntry[]) => es.map((e) => [e.id, e.fields.map((f) => f.toString())]);

describe('StreamDecoder', () => {
  it('decodes entries with master fields, own fields and deletions', () => {
    expect(text(entries(streamFile(1000n, 5n, false)))).toEqual([
      ['1000-5', ['f1', 'a', 'f2', 'b']],
      ['1002-4', ['g', '123456']],
      ['1007-9', ['f1', 'c', 'f2', 'd']],
    ]);
  });

  it('gives the same entries when the numbers are stored as strings', () => {
    expect(text(entries(streamFile(1000n, 5n, true)))).toEqual(text(entries(streamFile(1000n, 5n, false))));
  });

  it('computes IDs beyond 2^53 exactly', () => {
    const ms = 18446744073709551610n;
    const seq = 9007199254740993n;
    expect(entries(streamFile(ms, seq, false)).map((e) => e.id)).toEqual([
      `${ms}-${seq}`,
      `${ms + 2n}-${seq - 1n}`,
      `${ms + 7n}-${seq + 4n}`,
    ]);
  });

  it('rejects a node whose layout does not add up', () => {
    const file = streamFile(1n, 1n, false);
    // The count of the first entry (3 + 1) made 9: the entries overrun the node.
    const at = file.indexOf(Buffer.from([0x03, 0x01, 0x01, 0x01, 0x02]));
    expect(at).toBeGreaterThan(0);
    file[at] = 9;
    expect(() => parseAll(file, { mode: 'decoded', verifyChecksum: false })).toThrow(RdbParseError);
  });
});
