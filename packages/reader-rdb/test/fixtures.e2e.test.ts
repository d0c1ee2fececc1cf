import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isShuttleError } from '@redis-shuttle/core';
import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateFile } from './migrateFile.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

function rdbFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rdbFiles(path);
    return name.endsWith('.rdb') ? [path] : [];
  });
}

/**
 * FUNCTION LIST WITHCODE, libraries sorted, and the functions of each library sorted (the server lists
 * both in its dicts' order, which differs from process to process).
 */
async function functionList(server: RedisServer): Promise<string> {
  const libraries = (await server.client().call('FUNCTION', 'LIST', 'WITHCODE')) as unknown[][];
  const sorted = libraries.map((library) =>
    JSON.stringify(
      library.map((field, i) =>
        library[i - 1] === 'functions' ? (field as unknown[]).map((f) => JSON.stringify(f)).sort() : field,
      ),
    ),
  );
  return JSON.stringify(sorted.sort());
}

describe('every RDB fixture that redis-server 7.0 loads migrates equal', () => {
  let target: RedisServer;
  beforeAll(async () => {
    target = await RedisServer.start();
  });
  afterAll(async () => {
    await target?.stop();
  });

  it('migrates the Redis 7.0.15 generated dataset (all types, TTLs, functions, dbs 0/1/15)', async () => {
    const file = join(FIXTURES, 'generated/redis-7.0.15/dataset.rdb');
    const source = await RedisServer.start({ rdbFile: file });
    try {
      await target.client().flushall();
      await target.client().call('FUNCTION', 'FLUSH');
      const stats = await migrateFile(file, target.url);
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      expect(comparison.digests.target).toBe('52ec2b80f8094aef53d1b5c4a34cb54cbda949e8');
      expect(stats.keys).toBe(104);
      expect(stats.functions).toBe(2);
      expect(await functionList(target)).toBe(await functionList(source));
    } finally {
      await source.stop();
    }
  });

  it('migrates every other fixture the server loads, and fails cleanly on the others', async () => {
    const loaded: string[] = [];
    const refused: string[] = [];
    const mismatches: string[] = [];
    for (const file of rdbFiles(FIXTURES)) {
      const name = relative(FIXTURES, file);
      let source: RedisServer | undefined;
      try {
        source = await RedisServer.start({ rdbFile: file });
      } catch {
        refused.push(name);
      }
      await target.client().flushall();
      await target.client().call('FUNCTION', 'FLUSH');
      try {
        await migrateFile(file, target.url);
        if (!source) continue;
        loaded.push(name);
        const comparison = await compareDeployments(source, target);
        if (!comparison.equal) mismatches.push(`${name}: ${comparison.differences.slice(0, 3).join('; ')}`);
        if ((await functionList(target)) !== (await functionList(source)))
          mismatches.push(`${name}: functions differ`);
      } catch (error) {
        // A file the server refuses must fail with one of our errors, never a crash.
        if (source) mismatches.push(`${name}: ${(error as Error).message}`);
        else if (!isShuttleError(error)) mismatches.push(`${name}: crashed with ${(error as Error).stack}`);
      } finally {
        await source?.stop();
      }
    }
    expect(mismatches).toEqual([]);
    expect(loaded.length).toBeGreaterThan(150);
    console.info(
      `${loaded.length} fixtures migrated equal; redis-server 7.0 refuses ${refused.length}: ${refused.join(', ')}`,
    );
  });
});
