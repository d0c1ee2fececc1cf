import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RedisServer, tmpDir } from '@redis-shuttle/testkit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
const LIST = 2_000_000;
const STRING = 100 * MiB;

interface ChildResult {
  payloadKeys: string[];
  streamedKeys: string[];
  elements: Record<string, number>;
  hashes: Record<string, string>;
  maxChunkBytes: number;
  maxPayload: number;
  peakRssBytes: number;
}

/**
 * A real redis-server writes a 2 000 000-element list and a 100 MiB string (random, so stored plain,
 * not LZF) next to small keys; the file is parsed in a child process whose peak RSS (VmHWM) is read.
 */
describe('maxPayloadBytes keeps memory bounded on huge keys (redis-server 7.0 RDB)', () => {
  const dir = tmpDir('rdb-parser-hybrid-');
  const rdb = join(dir, 'big.rdb');
  const child = join(dir, 'child.mjs');
  const big = randomBytes(STRING);
  const listHash = createHash('sha1');

  beforeAll(async () => {
    await build({
      entryPoints: [new URL('./hybridMemoryChild.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: child,
      logLevel: 'warning',
    });
    const server = await RedisServer.start();
    try {
      const client = server.client();
      await client.set('small:string', 'hello');
      await client.rpush('small:list', 'a', 'b', 'c');
      await client.hset('small:hash', 'f1', 'v1', 'f2', 'v2');
      await client.sadd('small:set', 'x', 'y', 'z');
      for (let i = 0; i < LIST; i += 10_000) {
        const batch = Array.from({ length: 10_000 }, (_, j) => `element:${i + j}`);
        for (const e of batch) listHash.update(e).update('\n');
        await client.rpush('big:list', ...batch);
      }
      for (let i = 0; i < STRING; i += 4 * MiB)
        await client.append('big:string', big.subarray(i, i + 4 * MiB));
      await client.save();
      copyFileSync(join(server.dir, 'dump.rdb'), rdb);
    } finally {
      await server.stop();
    }
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (limit: string): ChildResult =>
    JSON.parse(
      execFileSync(process.execPath, [child, rdb, limit], { maxBuffer: 16 * MiB, encoding: 'utf8' }),
    ) as ChildResult;

  it('streams the big keys in chunks, keeps the small ones as payloads, peak RSS far below the values', () => {
    const result = run(String(8 * MiB));
    expect(result.streamedKeys.sort()).toEqual(['big:list', 'big:string']);
    expect(result.payloadKeys.sort()).toEqual(['small:hash', 'small:list', 'small:set', 'small:string']);
    expect(result.elements['big:list']).toBe(LIST);
    expect(result.hashes['big:list']).toBe(listHash.digest('hex'));
    expect(result.hashes['big:string']).toBe(createHash('sha1').update(big).digest('hex'));
    expect(result.maxChunkBytes).toBe(MiB);
    const unbounded = run('none');
    expect(unbounded.streamedKeys).toEqual([]);
    expect(unbounded.maxPayload).toBeGreaterThan(STRING);
    console.info(
      `peak RSS parsing a 2M-element list and a 100 MiB string: ${(result.peakRssBytes / MiB).toFixed(0)} MiB with maxPayloadBytes 8 MiB, ${(unbounded.peakRssBytes / MiB).toFixed(0)} MiB without`,
    );
    // Node itself takes ~40 MiB; the rest is the 8 MiB window, one batch of events and garbage not yet
    // collected (V8 collects external memory lazily). Without the limit the 100 MiB string is held whole.
    expect(result.peakRssBytes).toBeLessThan(200 * MiB);
    expect(unbounded.peakRssBytes).toBeGreaterThan(result.peakRssBytes + 100 * MiB);
  }, 240_000);
});
