import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Entry } from '../entry/Entry.js';
import { ConfigError } from '../errors/errors.js';
import { loadTransform } from './loadTransform.js';
import { TransformFilter } from './TransformFilter.js';

const entry: Entry = {
  kind: 'key',
  db: 0,
  key: Buffer.from([0, 0xff]),
  type: 'string',
  expireAtMs: null,
  complete: true,
};

describe('TransformFilter', () => {
  it('passes what the function returns; undefined and null drop', () => {
    expect(new TransformFilter((e) => e).apply(entry)).toBe(entry);
    expect(new TransformFilter(() => undefined).apply(entry)).toBeNull();
    expect(new TransformFilter(() => null).apply(entry)).toBeNull();
    expect(new TransformFilter((e) => [e, e]).apply(entry)).toEqual([entry, entry]);
  });

  it('refuses a function that returns a promise', () => {
    const filter = new TransformFilter((async (e: Entry) => e) as never, 'x.mjs');
    expect(() => filter.apply(entry)).toThrow(/x\.mjs returned a promise/);
  });
});

describe('loadTransform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-shuttle-transform-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, code: string) => {
    const path = join(dir, name);
    writeFileSync(path, code);
    return path;
  };

  it('loads a default export, by absolute and by relative path', async () => {
    const path = file('default.mjs', 'export default (e) => ({ ...e, db: 7 });');
    expect((await loadTransform(path)).apply(entry)).toMatchObject({ db: 7, key: Buffer.from([0, 0xff]) });
    const rel = relative(process.cwd(), path);
    const relPath = rel.startsWith('.') ? rel : `./${rel}`;
    expect((await loadTransform(relPath)).apply(entry)).toMatchObject({ db: 7 });
  });

  it('loads a named export "transform"', async () => {
    const path = file('named.mjs', 'export function transform(e) { return [e, e]; }');
    expect((await loadTransform(path)).apply(entry)).toHaveLength(2);
  });

  it('says which module is missing', async () => {
    const path = join(dir, 'missing.mjs');
    await expect(loadTransform(path)).rejects.toThrow(ConfigError);
    await expect(loadTransform(path)).rejects.toThrow(`the transform module "${path}" was not found`);
  });

  it('says what a module without a function exports', async () => {
    const path = file('object.mjs', 'export const transform = 1; export const other = 2;');
    await expect(loadTransform(path)).rejects.toThrow(
      /exports no function \(it exports "other", "transform"\)/,
    );
    const error = (await loadTransform(path).catch((e: unknown) => e)) as ConfigError;
    expect(error.hint).toMatch(/default export \(or export named "transform"\) is a function/);
  });
});
