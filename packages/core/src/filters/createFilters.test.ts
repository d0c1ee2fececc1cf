import { describe, expect, it } from 'vitest';
import type { Entry } from '../entry/Entry.js';
import { ConfigError } from '../errors/errors.js';
import { createFilters } from './createFilters.js';
import { filterConfigSchema } from './filterConfig.js';

const key = (k: Buffer | string, db = 0): Entry => ({
  kind: 'key',
  db,
  key: typeof k === 'string' ? Buffer.from(k) : k,
  type: 'string',
  expireAtMs: null,
  complete: true,
});

function run(filters: ReturnType<typeof createFilters>, entry: Entry): Entry[] {
  let batch = [entry];
  for (const filter of filters) {
    batch = batch.flatMap((e) => {
      const out = filter.apply(e);
      return out === null ? [] : Array.isArray(out) ? out : [out];
    });
  }
  return batch;
}

describe('createFilters', () => {
  it('returns no filter for an empty config', () => {
    expect(createFilters({})).toEqual([]);
    expect(createFilters(undefined)).toEqual([]);
    expect(createFilters({ dbMap: { 2: 2 } })).toEqual([]);
  });

  it('orders db filter, key filter, command filter, db map', () => {
    const filters = createFilters({
      dbMap: { 3: 0 },
      blockCommands: ['flushall'],
      allowKeyPrefixes: ['a'],
      blockDbs: [15],
    });
    expect(filters.map((f) => f.name)).toEqual(['dbs', 'keys', 'commands', 'db-map']);
    expect(run(filters, key('a1', 3))).toMatchObject([{ db: 0 }]);
    expect(run(filters, key('b1', 3))).toEqual([]);
    expect(run(filters, key('a1', 15))).toEqual([]);
  });

  it('takes binary keys as { base64 }', () => {
    const filters = createFilters({ blockKeys: [{ base64: Buffer.from([0, 0xff]).toString('base64') }] });
    expect(run(filters, key(Buffer.from([0, 0xff])))).toEqual([]);
    expect(run(filters, key(Buffer.from([0, 0xfe])))).toHaveLength(1);
  });

  it('names the key path of an invalid regex', () => {
    const config = { allowKeyRegex: ['^a', 'b', '(unclosed'] };
    expect(() => createFilters(config)).toThrow(ConfigError);
    expect(() => createFilters(config)).toThrow(/filter\.allowKeyRegex\[2\]/);
  });

  it('rejects unknown keys, unknown groups and bad dbs naming the key', () => {
    expect(() => createFilters({ allowKey: ['x'] } as never)).toThrow(/filter/);
    expect(() => createFilters({ blockCommandGroups: ['strings'] } as never)).toThrow(
      /filter\.blockCommandGroups\.0/,
    );
    expect(() => createFilters({ dbMap: { x: 1 } } as never)).toThrow(/filter\.dbMap/);
    expect(() => createFilters({ allowDbs: [-1] })).toThrow(/filter\.allowDbs\.0/);
  });

  it('documents every field and applies defaults', () => {
    const parsed = filterConfigSchema.parse({});
    expect(parsed.allowKeys).toEqual([]);
    expect(parsed.dbMap).toEqual({});
    for (const [name, field] of Object.entries(filterConfigSchema.shape)) {
      expect(field.description, name).toBeTruthy();
    }
  });
});
