import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RdbParser } from '../src/RdbParser.js';
import * as C from '../src/rdbConstants.js';
import type { DecodedChunk, RdbEvent, RdbParserOptions } from '../src/types.js';
import { encodeListpack, encodeZiplist } from './containerTestUtils.js';
import {
  collectKeys,
  EXPECTED_FAILURES,
  type FullKey,
  listRdbFixtures,
  parseAll,
  readFixture,
} from './fixtureUtils.js';
import { mutate, parseHostile, prng } from './hostileUtils.js';
import { keyRecord, len, rdbFile, str } from './rdbBuildUtils.js';

const LIMIT = 1024 * 1024;
const PUSH = 64 * 1024;

/** Small keys around a 250 000-element list, a 5 MiB string, a 2 MiB quicklist and a 300 000-field hash. */
function mixedFile(): Buffer {
  const list = [len(250_000)];
  for (let i = 0; i < 250_000; i++) list.push(str(`element:${i}`));
  const nodes = [len(400)];
  for (let n = 0; n < 400; n++) {
    nodes.push(len(2), str(encodeListpack(Array.from({ length: 500 }, (_, i) => `n${n}:${i}`))));
  }
  const hash = [len(300_000)];
  for (let i = 0; i < 300_000; i++) hash.push(str(`f${i}`), str(`v${i}`));
  return rdbFile([
    keyRecord(C.T_STRING, 'small-string', str('hello')),
    keyRecord(C.T_LIST, 'big-list', list),
    keyRecord(C.T_LIST_ZIPLIST, 'small-list', str(encodeZiplist(['a', 'b', 7]))),
    keyRecord(C.T_STRING, 'big-string', str(randomBytes(5 * 1024 * 1024))),
    keyRecord(C.T_LIST_QUICKLIST_2, 'big-quicklist', nodes),
    keyRecord(C.T_SET, 'small-set', len(2), str('x'), str('y')),
    keyRecord(C.T_HASH, 'big-hash', hash),
    keyRecord(C.T_STRING, 'just-under', str(Buffer.alloc(LIMIT - 5, 0x62))),
  ]);
}

/** Parses in pushes of `chunk` bytes, recording the most bytes the parser held (pushed, not yet dropped). */
function parseMeasured(
  data: Buffer,
  options: RdbParserOptions,
  chunk: number,
): { events: RdbEvent[]; held: number } {
  const parser = new RdbParser(options);
  const events: RdbEvent[] = [];
  let held = 0;
  for (let i = 0; i < data.length; i += chunk) {
    events.push(...parser.push(data.subarray(i, i + chunk)));
    held = Math.max(held, Math.min(i + chunk, data.length) - parser.bytesConsumed);
  }
  events.push(...parser.end());
  return { events, held };
}

/** A digest of decoded chunks, chunk boundaries included (deep equality of a million Buffers is slow). */
function digest(chunks: DecodedChunk[]): string {
  const h = createHash('sha1');
  const add = (b: Buffer | string | number): void => {
    const data = Buffer.isBuffer(b) ? b : Buffer.from(String(b));
    h.update(`${data.length}:`).update(data);
  };
  for (const c of chunks) {
    add(`[${c.type}`);
    if (c.type === 'string') add(c.value);
    else if (c.type === 'list') for (const e of c.elements) add(e);
    else if (c.type === 'set') for (const e of c.members) add(e);
    else if (c.type === 'zset')
      for (const [m, s] of c.entries) {
        add(m);
        add(Object.is(s, -0) ? '-0' : s);
      }
    else if (c.type === 'hash') for (const f of c.fields) for (const x of f) add(x);
    else add(JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
  return h.digest('hex');
}

/** Every key is a payload (as raw mode gives it) when small enough, else exactly what decoded mode gives. */
function expectHybrid(hybrid: FullKey[], raw: FullKey[], decoded: FullKey[], limit: number): number {
  expect(hybrid.map((k) => k.key.key)).toEqual(raw.map((k) => k.key.key));
  let streamed = 0;
  hybrid.forEach((k, i) => {
    const name = k.key.key.toString('latin1');
    if (raw[i]!.key.size <= limit || raw[i]!.key.type === 'module') {
      expect(k.key.payload, name).toEqual(raw[i]!.key.payload);
      expect(k.key.value, name).toBeUndefined();
      expect(k.key.complete, name).toBe(true);
      expect(k.key.size, name).toBe(raw[i]!.key.size);
    } else {
      streamed++;
      expect(k.key.payload, name).toBeUndefined();
      expect({ ...k.key, payload: undefined }, name).toEqual({ ...decoded[i]!.key, payload: undefined });
      expect(digest(k.chunks), name).toBe(digest(decoded[i]!.chunks));
    }
  });
  return streamed;
}

describe('maxPayloadBytes (raw mode): big keys are decoded and streamed, the others stay payloads', () => {
  const file = mixedFile();
  const options = { chunkElements: 1000, chunkBytes: 256 * 1024 };
  const raw = collectKeys(parseAll(file, { mode: 'raw' }));
  const decoded = collectKeys(parseAll(file, { mode: 'decoded', ...options }));

  it('streams the big keys in chunks and holds no more than the limit plus one push', () => {
    const { events, held } = parseMeasured(file, { mode: 'raw', maxPayloadBytes: LIMIT, ...options }, PUSH);
    const keys = collectKeys(events);
    expect(expectHybrid(keys, raw, decoded, LIMIT)).toBe(4);
    const byName = new Map(keys.map((k) => [k.key.key.toString(), k]));
    for (const name of ['big-list', 'big-string', 'big-quicklist', 'big-hash']) {
      const k = byName.get(name)!;
      expect(k.key.complete).toBe(false);
      expect(k.key.size).toBe(-1);
      expect(k.chunks.length).toBeGreaterThan(10);
    }
    const strings = byName.get('big-string')!.chunks;
    expect(strings.every((c) => c.type === 'string' && c.value.length <= 256 * 1024)).toBe(true);
    expect(byName.get('just-under')!.key.payload!.length).toBe(LIMIT + 11);
    expect(held).toBeLessThanOrEqual(LIMIT + PUSH + 64);
    expect(events.at(-1)).toEqual({ kind: 'end', checksum: 'verified' });
  }, 60_000);

  it('gives the same events when the whole file is pushed at once, or in odd pushes', () => {
    for (const chunk of [0, 4093]) {
      const keys = collectKeys(parseAll(file, { mode: 'raw', maxPayloadBytes: LIMIT, ...options }, chunk));
      expect(expectHybrid(keys, raw, decoded, LIMIT)).toBe(4);
    }
  }, 60_000);

  it('decodes a big key held whole in small batches: push() returns the first, pull() the next ones', () => {
    const parser = new RdbParser({ mode: 'raw', maxPayloadBytes: LIMIT, ...options });
    const batches = [parser.push(file)];
    for (let batch = parser.pull(); batch.length > 0; batch = parser.pull()) batches.push(batch);
    expect(parser.end()).toEqual([]);
    expect(batches.length).toBeGreaterThan(100);
    // 64 KiB of input per batch: a few thousand elements, or one string piece.
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(16);
    expect(expectHybrid(collectKeys(batches.flat()), raw, decoded, LIMIT)).toBe(4);
  }, 60_000);

  it('is ignored in decoded and both modes', () => {
    const both = collectKeys(parseAll(file, { mode: 'both', maxPayloadBytes: 10, ...options }, PUSH));
    expect(both.every((k) => k.key.payload !== undefined)).toBe(true);
  });
});

describe('maxPayloadBytes on every fixture', () => {
  for (const limit of [0, 64]) {
    it(`limit ${limit}: small keys as raw mode gives them, the others as decoded mode does`, () => {
      let streamed = 0;
      for (const rel of listRdbFixtures()) {
        if (EXPECTED_FAILURES[rel]) continue;
        const data = readFixture(rel);
        const options = { chunkElements: 5, chunkBytes: 100 };
        const raw = collectKeys(parseAll(data, { mode: 'raw' }));
        const decoded = collectKeys(parseAll(data, { mode: 'decoded', ...options }));
        for (const chunk of [0, 1021]) {
          const hybrid = collectKeys(
            parseAll(data, { mode: 'raw', maxPayloadBytes: limit, ...options }, chunk),
          );
          streamed += expectHybrid(hybrid, raw, decoded, limit);
        }
      }
      expect(streamed).toBeGreaterThan(limit === 0 ? 1500 : 500);
    }, 60_000);
  }

  it('fails cleanly (an RdbParseError, bounded allocations) on truncated and mutated input', () => {
    const rnd = prng(11);
    for (const rel of listRdbFixtures()) {
      if (EXPECTED_FAILURES[rel]) continue;
      const data = readFixture(rel);
      if (data.length > 65536) continue;
      for (let i = 0; i < 10; i++) {
        const cut = Math.floor(rnd() * data.length);
        parseHostile(data.subarray(0, cut), { maxPayloadBytes: 16 }, 97);
        parseHostile(mutate(data, rnd), { maxPayloadBytes: 16, verifyChecksum: false }, i % 2 ? 0 : 13);
      }
    }
  });
});
