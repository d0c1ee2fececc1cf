import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isShuttleError, ShuttleError } from '@redis-shuttle/core';
import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyAofDir, startFromAof } from './aofServer.js';
import { migrateAof } from './migrateAof.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const PREAMBLE = join(FIXTURES, 'generated/redis-7.0.15/aof-preamble');
const PLAIN = join(FIXTURES, 'generated/redis-7.0.15/aof-plain');
const WITH_TS = join(FIXTURES, 'leonchen83__redis-replicator/appendonly-with-ts.aof');

/** FUNCTION LIST WITHCODE with libraries and functions sorted by name (the server lists them in hash order). */
async function functionList(server: RedisServer): Promise<string> {
  const libraries = (await server.client().call('FUNCTION', 'LIST', 'WITHCODE')) as unknown[][];
  const normalized = libraries.map((library) =>
    library.map((field, i) =>
      library[i - 1] === 'functions' ? (field as unknown[]).map((f) => JSON.stringify(f)).sort() : field,
    ),
  );
  return JSON.stringify(normalized.map((l) => JSON.stringify(l)).sort());
}

/** Deletes keys whose expiry has passed (SCAN expires what it visits), so key counts compare. */
async function settle(server: RedisServer): Promise<void> {
  const client = server.client();
  for (let db = 0; db < 16; db++) {
    await client.select(db);
    let cursor = '0';
    do [cursor] = await client.scan(cursor, 'COUNT', 1000);
    while (cursor !== '0');
  }
  await client.select(0);
}

async function expectSameAs(source: RedisServer, target: RedisServer): Promise<void> {
  await settle(source);
  await settle(target);
  const comparison = await compareDeployments(source, target);
  expect(comparison.differences).toEqual([]);
  expect(comparison.equal).toBe(true);
  expect(await functionList(target)).toBe(await functionList(source));
}

async function loadedBy(path: string): Promise<RedisServer> {
  return startFromAof(path);
}

async function failure(promise: Promise<unknown>): Promise<ShuttleError> {
  try {
    await promise;
  } catch (error) {
    if (isShuttleError(error)) return error;
    throw error;
  }
  throw new Error('expected the run to fail');
}

describe('reader-aof against redis-server 7.0', () => {
  let target: RedisServer;
  beforeAll(async () => {
    target = await RedisServer.start();
  });
  afterAll(async () => {
    await target?.stop();
  });
  beforeEach(async () => {
    await target.client().flushall();
    await target.client().call('FUNCTION', 'FLUSH');
  });

  it('migrates the Valkey 8.0.1 aof-plain directory (RESP only, so redis-server 7.0 loads it too)', async () => {
    const dir = join(FIXTURES, 'generated/valkey-8.0.1/aof-plain');
    const source = await loadedBy(dir);
    try {
      const { warnings } = await migrateAof({ path: dir }, target.url);
      expect(warnings).toEqual([]);
      await expectSameAs(source, target);
    } finally {
      await source.stop();
    }
  });

  it.each([
    ['aof-preamble (RDB base + incr)', PREAMBLE],
    ['aof-plain (RESP base + incr)', PLAIN],
  ])(
    'migrates the Redis 7.0.15 %s directory into the state redis-server reaches loading it',
    async (_, dir) => {
      const source = await loadedBy(dir);
      try {
        const { stats, warnings } = await migrateAof({ path: dir }, target.url);
        expect(warnings).toEqual([]);
        await expectSameAs(source, target);
        const digest = await compareDeployments(source, target);
        expect(digest.digests.target).toBe('6cda63218f89614ba2e70655b0064efbfa978f53');
        expect(stats.commands).toBeGreaterThan(0);
      } finally {
        await source.stop();
      }
    },
  );

  it('accepts the manifest file itself as the path', async () => {
    const source = await loadedBy(PREAMBLE);
    try {
      await migrateAof({ path: join(PREAMBLE, 'appendonly.aof.manifest') }, target.url);
      await expectSameAs(source, target);
    } finally {
      await source.stop();
    }
  });

  it('appendonly-with-ts.aof: a Redis 7.0 release-candidate command is reported as the target rejects it', async () => {
    // The file holds `FUNCTION LOAD Lua mylib <code>`, the syntax of 7.0 release candidates. redis-server 7.0
    // ignores the error while loading an AOF; a migration must not hide it: the writer fails naming it.
    const source = await loadedBy(WITH_TS);
    try {
      const error = await failure(migrateAof({ path: WITH_TS }, target.url));
      expect(error.code).toBe('E_TARGET_REJECTED');
      expect(error.message).toMatch(/FUNCTION/);
      // Up to just before that command (annotation 41), the migration is exact.
      await target.client().flushall();
      await migrateAof({ path: WITH_TS, until: 1643690644 }, target.url);
      expect(await target.client().get('mykey')).toBe('Hello');
    } finally {
      await source.stop();
    }
  });

  it.each([
    'leonchen83__redis-replicator/appendonly1.aof',
    'leonchen83__redis-replicator/appendonly5.aof',
    'leonchen83__redis-replicator/appendonly6.aof',
    'leonchen83__redis-replicator/appendonly7.aof',
    'valkey-io__valkey/rdb-preamble.aof',
    'aembke__fred.rs/appendonlydir',
  ])('%s: equal to what redis-server 7.0 loads, or a clean error where it refuses', async (name) => {
    const path = join(FIXTURES, name);
    let source: RedisServer | undefined;
    try {
      source = await loadedBy(path);
    } catch {
      source = undefined;
    }
    try {
      const run = migrateAof({ path }, target.url);
      if (source) {
        await run;
        await expectSameAs(source, target);
      } else {
        // The server refuses it (e.g. a module command): we must fail with one of our errors, not crash.
        const error = await run.then(
          () => undefined,
          (e: unknown) => e,
        );
        if (error) expect(isShuttleError(error)).toBe(true);
        console.info(
          `${name}: redis-server 7.0 refuses it; redis-shuttle: ${error ? (error as Error).message : 'read it'}`,
        );
      }
    } finally {
      await source?.stop();
    }
  });

  describe('until (point-in-time restore on #TS: annotations)', () => {
    const bytes = readFileSync(WITH_TS);
    const text = bytes.toString('latin1');
    const annotations = [...text.matchAll(/(?:^|\n)#TS:(\d+)\r\n/g)].map((m) => ({
      ts: Number(m[1]),
      offset: m.index! + (m[0].startsWith('\n') ? 1 : 0),
    }));

    it('finds the annotations of the fixture', () => {
      expect(annotations.length).toBe(54);
    });

    it.each([5, 20, 40])('stops before the command after annotation %i and nothing else', async (index) => {
      const cut = annotations[index]!;
      const until = annotations[index - 1]!.ts;
      expect(cut.ts).toBeGreaterThan(until);
      // What redis-check-aof --truncate-to-timestamp leaves: everything before the first later annotation.
      const truncated = join(copyAofDir(join(FIXTURES, 'leonchen83__redis-replicator')), 'cut.aof');
      writeFileSync(truncated, bytes.subarray(0, cut.offset));
      const source = await loadedBy(truncated);
      try {
        await migrateAof({ path: WITH_TS, until }, target.url);
        await expectSameAs(source, target);
        await target.client().flushall();
        await target.client().call('FUNCTION', 'FLUSH');
        // One second earlier cuts at the previous annotation: the state differs.
        await migrateAof({ path: WITH_TS, until: until - 1 }, target.url);
        expect((await compareDeployments(source, target)).equal).toBe(false);
      } finally {
        await source.stop();
      }
    });
  });

  describe('truncated and corrupt files', () => {
    it('loads a truncated last file up to the last complete command, with a warning naming file and offset', async () => {
      const dir = copyAofDir(PLAIN);
      const incr = join(dir, 'appendonly.aof.2.incr.aof');
      const size = readFileSync(incr).length;
      truncateSync(incr, size - 7);
      const source = await loadedBy(dir);
      try {
        const { warnings } = await migrateAof({ path: dir }, target.url);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(incr);
        expect(warnings[0]).toMatch(/truncated at byte \d+/);
        await expectSameAs(source, target);
      } finally {
        await source.stop();
      }
      await target.client().flushall();
      await target.client().call('FUNCTION', 'FLUSH');
      const error = await failure(migrateAof({ path: dir, loadTruncated: false }, target.url));
      expect(error.code).toBe('E_SOURCE_FORMAT');
      expect(error.message).toContain(incr);
      expect(error.message).toMatch(/truncated at byte \d+/);
    });

    it('refuses a truncated file that is not the last one', async () => {
      const dir = copyAofDir(PLAIN);
      const base = join(dir, 'appendonly.aof.2.base.aof');
      truncateSync(base, 1_000_003);
      const error = await failure(migrateAof({ path: dir }, target.url));
      expect(error.code).toBe('E_SOURCE_FORMAT');
      expect(error.message).toContain(base);
      expect(error.message).toMatch(/truncated at byte \d+/);
    });

    it('refuses a truncated RDB base', async () => {
      const dir = copyAofDir(PREAMBLE);
      const base = join(dir, 'appendonly.aof.2.base.rdb');
      truncateSync(base, 500_000);
      const error = await failure(migrateAof({ path: dir }, target.url));
      expect(error.code).toBe('E_SOURCE_FORMAT');
      expect(error.message).toContain(base);
      expect(error.message).toMatch(/byte \d+/);
    });

    it('names the file and the byte offset of a corrupt command', async () => {
      const dir = copyAofDir(PLAIN);
      const incr = join(dir, 'appendonly.aof.2.incr.aof');
      const bytes = readFileSync(incr);
      const at = bytes.indexOf('\r\n$', 200) + 2;
      bytes[at] = 0x78; // "x" where a "$" belongs
      writeFileSync(incr, bytes);
      const error = await failure(migrateAof({ path: dir }, target.url));
      expect(error.code).toBe('E_SOURCE_FORMAT');
      expect(error.message).toContain(incr);
      expect(error.message).toContain(`byte ${at}`);
    });

    it('names a file the manifest lists but the directory lacks', async () => {
      const dir = copyAofDir(PREAMBLE);
      writeFileSync(
        join(dir, 'appendonly.aof.manifest'),
        'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n',
      );
      const error = await failure(migrateAof({ path: dir }, target.url));
      expect(error.code).toBe('E_SOURCE_NOT_FOUND');
      expect(error.message).toContain('appendonly.aof.3.incr.aof');
    });

    it('says when the path does not exist', async () => {
      const error = await failure(migrateAof({ path: join(FIXTURES, 'nope') }, target.url));
      expect(error.code).toBe('E_SOURCE_NOT_FOUND');
    });
  });
});
