import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, collectKeys, parseAll, readFixture } from './fixtureUtils.js';
import { normalize } from './valueUtils.js';

/**
 * redis/librdb ships, next to its dumps, the serialized value of every key at its RAW level (`*_raw.json`:
 * the DUMP payload without its 10-byte footer, one JSON character per byte; a list means the value was
 * delivered in parts) and decoded stream content for its RDB 13 dumps.
 */
const DIR = path.join(FIXTURES, 'redis__librdb');

function looseJson(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8').trim().replace(/,$/, '');
  return JSON.parse(`{${text}}`) as Record<string, unknown>;
}

const rawFiles = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('_raw.json') && fs.existsSync(path.join(DIR, f.replace(/_raw\.json$/, '.rdb'))))
  .sort();

describe('librdb RAW-level payloads', () => {
  for (const file of rawFiles) {
    it(file, () => {
      const expected = looseJson(file);
      const keys = collectKeys(parseAll(readFixture(`redis__librdb/${file.replace(/_raw\.json$/, '.rdb')}`)));
      const got = Object.fromEntries(
        keys.map((k) => [k.key.key.toString('latin1'), k.key.payload!.subarray(0, -10).toString('hex')]),
      );
      const entries = Object.entries(expected).filter(([k]) => k !== '__aux__');
      expect(Object.keys(got).sort()).toEqual(entries.map(([k]) => k).sort());
      for (const [k, v] of entries) {
        if (Array.isArray(v)) {
          // Delivered in parts: the parts are the encoded blob, which ends the value body.
          expect(got[k]!.endsWith(Buffer.from(v.join(''), 'latin1').toString('hex')), k).toBe(true);
        } else {
          expect(got[k], k).toBe(Buffer.from(String(v), 'latin1').toString('hex'));
        }
      }
    });
  }
});

describe('librdb RDB 13 streams (type 26)', () => {
  it('stream_v13_idmp.rdb entries match stream_v13.json', () => {
    const expected = looseJson('stream_v13.json') as Record<
      string,
      { entries: { id: string; items: Record<string, string> }[] }
    >;
    const keys = collectKeys(parseAll(readFixture('redis__librdb/stream_v13_idmp.rdb'), { mode: 'decoded' }));
    for (const [name, want] of Object.entries(expected)) {
      const k = keys.find((x) => x.key.key.toString() === name)!;
      expect(k, name).toBeDefined();
      const got = normalize(k.chunks).stream!;
      expect(got.entries.map((e) => [e.id, e.fields.map(String)])).toEqual(
        want.entries.map((e) => [e.id, Object.entries(e.items).flat()]),
      );
    }
  });
});
