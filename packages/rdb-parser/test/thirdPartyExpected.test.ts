import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, type FullKey, collectKeys, parseAll, readFixture } from './fixtureUtils.js';
import { normalize } from './valueUtils.js';

/**
 * Compares decoded values with the expected outputs other parsers ship next to their fixtures:
 * badboy/rdb-rs JSON (one object per database) and HDT3213/rdb JSON (one object per key).
 * Their JSON holds text, so values are compared as UTF-8 text; scores as numbers.
 */

/** rdb-rs prints UTF-8 when the bytes are valid UTF-8, else one character per byte. */
const utf8OrLatin1 = (b: Buffer): string => {
  const s = b.toString('utf8');
  return Buffer.from(s, 'utf8').equals(b) ? s : b.toString('latin1');
};
/** HDT3213/rdb (Go) prints lossy UTF-8. */
const lossyUtf8 = (b: Buffer): string => b.toString('utf8');
let utf8 = utf8OrLatin1;

function plain(k: FullKey): unknown {
  const v = normalize(k.chunks);
  switch (v.type) {
    case 'string':
      return utf8(v.string!);
    case 'list':
      return v.list!.map(utf8);
    case 'set':
      return v.set!.map(utf8).sort();
    case 'zset':
      return Object.fromEntries(v.zset!.map(([m, s]) => [utf8(m), s]));
    case 'hash':
      return Object.fromEntries(v.hash!.map(([f, val]) => [utf8(f), utf8(val)]));
    default:
      return undefined;
  }
}

function decodedKeys(rel: string): FullKey[] {
  return collectKeys(parseAll(readFixture(rel), { mode: 'decoded' }));
}

function pairedJson(dir: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, dir))
    .filter(
      (f) => f.endsWith('.json') && fs.existsSync(path.join(FIXTURES, dir, f.replace(/\.json$/, '.rdb'))),
    )
    .sort();
}

describe('badboy/rdb-rs expected JSON', () => {
  beforeEach(() => {
    utf8 = utf8OrLatin1;
  });
  for (const json of pairedJson('badboy__rdb-rs')) {
    it(json, () => {
      const expected = JSON.parse(
        fs.readFileSync(path.join(FIXTURES, 'badboy__rdb-rs', json), 'utf8'),
      ) as Record<string, unknown>[];
      const keys = decodedKeys(`badboy__rdb-rs/${json.replace(/\.json$/, '.rdb')}`);
      const dbs = [...new Set(keys.map((k) => k.key.db))];
      const got = dbs.map((db) =>
        Object.fromEntries(keys.filter((k) => k.key.db === db).map((k) => [utf8(k.key.key), plain(k)])),
      );
      const want = expected.map((db) =>
        Object.fromEntries(
          Object.entries(db).map(([key, v]) => {
            const type = keys.find((k) => utf8(k.key.key) === key)?.key.type;
            if (type === 'set' && Array.isArray(v)) return [key, [...v].sort()];
            if (type === 'zset' && v && typeof v === 'object')
              return [key, Object.fromEntries(Object.entries(v).map(([m, s]) => [m, Number(s)]))];
            return [key, v];
          }),
        ),
      );
      expect(got).toEqual(want);
    });
  }
});

interface HdtKey {
  db: number;
  key: string;
  type: string;
  value?: string;
  values?: string[];
  members?: string[];
  hash?: Record<string, string>;
  entries?: { member: string; score: number }[];
  expire?: Record<string, number>;
}

describe('HDT3213/rdb expected JSON', () => {
  beforeEach(() => {
    utf8 = lossyUtf8;
  });
  for (const json of pairedJson('HDT3213__rdb')) {
    it(json, () => {
      const expected = JSON.parse(
        fs.readFileSync(path.join(FIXTURES, 'HDT3213__rdb', json), 'utf8'),
      ) as HdtKey[];
      const keys = decodedKeys(`HDT3213__rdb/${json.replace(/\.json$/, '.rdb')}`);
      const byKey = new Map(keys.map((k) => [`${k.key.db}/${utf8(k.key.key)}`, k]));
      for (const exp of expected) {
        if (!['string', 'list', 'set', 'zset', 'hash', 'stream'].includes(exp.type)) continue; // aux, functions
        const k = byKey.get(`${exp.db}/${exp.key}`);
        expect(k, exp.key).toBeDefined();
        expect(k!.key.type).toBe(exp.type);
        const got = plain(k!);
        if (exp.type === 'string') expect(got).toBe(exp.value);
        else if (exp.type === 'list') expect(got).toEqual(exp.values);
        else if (exp.type === 'set') expect(got).toEqual([...exp.members!].sort());
        else if (exp.type === 'hash') expect(got).toEqual(exp.hash);
        else if (exp.type === 'zset')
          expect(got).toEqual(Object.fromEntries(exp.entries!.map((e) => [e.member, e.score])));
        if (exp.expire) {
          const fields = normalize(k!.chunks).hash!;
          const ttl = Object.fromEntries(fields.map((f) => [utf8(f[0]), f[2] ?? 0]));
          expect(ttl).toEqual(exp.expire);
        }
      }
    });
  }
});
