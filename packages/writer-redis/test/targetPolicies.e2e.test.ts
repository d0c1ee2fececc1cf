import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpEntries } from './dumpEntries.js';
import { createWriter, writeAll } from './writerHarness.js';

describe('a target that already holds keys', () => {
  let source: RedisServer;
  beforeAll(async () => {
    source = await RedisServer.start();
    await source.client().mset('a', 'from-source', 'b', 'from-source');
  });
  afterAll(async () => {
    await source?.stop();
  });

  async function targetWithKeyA(): Promise<RedisServer> {
    const target = await RedisServer.start();
    await target.client().set('a', 'from-target');
    return target;
  }

  it('busyKey replace (default): overwrites, and warns that the target was not empty', async () => {
    const target = await targetWithKeyA();
    const writer = createWriter({ url: target.url });
    try {
      await writer.connect();
      await writeAll(writer, dumpEntries(source.client(), [0]));
      expect(await target.client().get('a')).toBe('from-source');
      expect(writer.stats().warnings.join('\n')).toMatch(
        /target was not empty before writing \(db0=1 keys\)/,
      );
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('busyKey skip: keeps the target key and counts it as skipped', async () => {
    const target = await targetWithKeyA();
    const writer = createWriter({ url: target.url, busyKey: 'skip' });
    try {
      await writer.connect();
      await writeAll(writer, dumpEntries(source.client(), [0]));
      expect(await target.client().get('a')).toBe('from-target');
      expect(await target.client().get('b')).toBe('from-source');
      expect(writer.stats()).toMatchObject({ keys: 1, skipped: 1 });
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('busyKey fail: stops naming the key', async () => {
    const target = await targetWithKeyA();
    const writer = createWriter({ url: target.url, busyKey: 'fail' });
    try {
      await writer.connect();
      await expect(writeAll(writer, dumpEntries(source.client(), [0]))).rejects.toMatchObject({
        code: 'E_TARGET_REJECTED',
        message: 'the target already has key "a" (RESTORE)',
      });
    } finally {
      await writer.close();
      await target.stop();
    }
  });

  it('flushTarget: empties the target (keys and functions) first', async () => {
    const target = await targetWithKeyA();
    await target.client().set('only-on-target', 'x');
    await target
      .client()
      .call(
        'FUNCTION',
        'LOAD',
        "#!lua name=stale\nredis.register_function('stale', function() return 1 end)",
      );
    const writer = createWriter({ url: target.url, flushTarget: true });
    try {
      await writer.connect();
      await writeAll(writer, dumpEntries(source.client(), [0]));
      expect((await compareDeployments(source, target)).equal).toBe(true);
      expect(await target.client().call('FUNCTION', 'LIST')).toEqual([]);
    } finally {
      await writer.close();
      await target.stop();
    }
  });
});
