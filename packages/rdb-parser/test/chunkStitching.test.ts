import { createHash, type Hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RdbEvent } from '../src/types.js';
import { parseAll, readFixture } from './fixtureUtils.js';
import { keyRecord, len, rdbFile, str } from './rdbBuildUtils.js';

/**
 * A push bigger than 64 KiB arriving while a key is incomplete is stitched (the pending bytes plus the
 * head of the push are copied, the rest is read in place). Whatever the push sizes, the events are
 * those of the whole input: raw payloads byte for byte, decoded values element for element.
 */

/** Small keys, with strings of 60-300 KiB among them (bigger than the stitch) and a 2 MiB list. */
function mixedFile(): Buffer {
  const records: Buffer[] = [];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed;
  };
  for (let i = 0; i < 6000; i++) {
    const r = next() % 100;
    if (r < 2) {
      records.push(keyRecord(0, `big:${i}`, str(Buffer.alloc(60_000 + (next() % 240_000), i & 0xff))));
    } else if (r < 60) {
      records.push(keyRecord(0, `s:${i}`, str(`value:${i}:${'x'.repeat(next() % 900)}`)));
    } else {
      const n = 1 + (next() % 40);
      const items: Buffer[] = [];
      for (let j = 0; j < n; j++) items.push(str(`m:${i}:${j}:${'y'.repeat(next() % 60)}`));
      records.push(keyRecord(2, `set:${i}`, len(n), items));
    }
  }
  const list: Buffer[] = [];
  for (let j = 0; j < 100_000; j++) list.push(str(`element:${j}:0123456789`));
  records.splice(3000, 0, keyRecord(1, 'big:list', len(list.length), list));
  return rdbFile(records);
}

/** Feeds a value to the hash: every field, array element and byte, tagged by its type. */
function feed(hash: Hash, value: unknown): void {
  if (value instanceof Uint8Array) {
    hash.update(`b${value.length}:`);
    hash.update(value);
  } else if (Array.isArray(value)) {
    hash.update(`[${value.length}`);
    for (const v of value) feed(hash, v);
  } else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value).sort()) {
      hash.update(`.${k}=`);
      feed(hash, (value as Record<string, unknown>)[k]);
    }
  } else {
    hash.update(`${typeof value}:${String(value)};`);
  }
}

/** SHA-256 over everything the events carry (a deep comparison of millions of values in a second). */
function digest(events: RdbEvent[]): string {
  const hash = createHash('sha256');
  for (const event of events) feed(hash, event);
  return hash.digest('hex');
}

function same(chunked: RdbEvent[], whole: RdbEvent[]): void {
  expect(chunked.length).toBe(whole.length);
  expect(digest(chunked)).toBe(digest(whole));
}

describe('pushes bigger than the stitch', () => {
  const mixed = mixedFile();
  const dataset = readFixture('generated/redis-7.4.1/dataset.rdb.gz');

  for (const [name, data] of [
    ['synthetic keys of 20 B to 2 MiB', mixed],
    ['the Redis 7.4 dataset', dataset],
  ] as const) {
    for (const mode of ['raw', 'decoded', 'both'] as const) {
      it(`${name}, ${mode}: the events of the whole input`, () => {
        const whole = parseAll(data, { mode });
        expect(whole.at(-1)).toEqual({ kind: 'end', checksum: 'verified' });
        for (const chunk of [65_600, 100_003, 262_144, 1 << 20]) same(parseAll(data, { mode }, chunk), whole);
      });
    }
  }

  it('raw with maxPayloadBytes: the same events whatever the pushes', () => {
    const whole = parseAll(mixed, { mode: 'raw', maxPayloadBytes: 100_000 });
    expect(whole.some((e) => e.kind === 'value-chunk')).toBe(true);
    for (const chunk of [65_600, 150_001, 1 << 20])
      same(parseAll(mixed, { mode: 'raw', maxPayloadBytes: 100_000 }, chunk), whole);
  });
});
