import type { Entry } from '@redis-shuttle/core';
import { RedisCluster } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWriter, writeAll } from './clusterHarness.js';

const argv = (...args: string[]) => args.map((a) => Buffer.from(a));
const command = (...args: string[]): Entry => ({ kind: 'command', db: 0, argv: argv(...args) });

describe('ClusterWriter: commands and transactions of a live stream', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await RedisCluster.start({ masters: 3 });
  });
  beforeEach(async () => {
    await Promise.all(cluster.masters.map((master) => master.client().call('FLUSHALL')));
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const get = (key: string) => cluster.nodeForKey(key).client().get(key);

  it('splits a cross-slot MSET and DEL per slot', async () => {
    const writer = createWriter({ url: cluster.url });
    try {
      await writer.connect();
      await writeAll(writer, [
        command('MSET', 'a', '1', 'b', '2', 'c', '3', '{a}x', '4'),
        command('DEL', 'b', 'c'),
      ]);
      expect([await get('a'), await get('b'), await get('c'), await get('{a}x')]).toEqual([
        '1',
        null,
        null,
        '4',
      ]);
      expect(writer.stats()).toMatchObject({ splitCommands: 2, skipped: 0 });
    } finally {
      await writer.close();
    }
  });

  it('fails a cross-slot MSETNX with crossSlot: fail (the default), naming the command', async () => {
    const writer = createWriter({ url: cluster.url });
    try {
      await writer.connect();
      expect(() => writer.write(command('MSETNX', 'a', '1', 'b', '2'))).toThrow(
        expect.objectContaining({
          code: 'E_TARGET_UNSUPPORTED',
          message: expect.stringMatching(/MSETNX writes keys in several hash slots/),
          hint: expect.stringMatching(/crossSlot: "skip"/),
        }),
      );
    } finally {
      await writer.close();
    }
  });

  it('skips and counts it with crossSlot: skip', async () => {
    const writer = createWriter({ url: cluster.url, crossSlot: 'skip' });
    try {
      await writer.connect();
      await writeAll(writer, [command('MSETNX', 'a', '1', 'b', '2'), command('SET', 'z', 'ok')]);
      expect([await get('a'), await get('b'), await get('z')]).toEqual([null, null, 'ok']);
      const stats = writer.stats();
      expect(stats.skipped).toBe(1);
      expect(stats.warnings).toContain('cross-slot commands skipped (crossSlot: skip): MSETNX ×1');
    } finally {
      await writer.close();
    }
  });

  it('splits a cross-slot MULTI/EXEC per slot with a warning; a single-slot one stays whole', async () => {
    const writer = createWriter({ url: cluster.url });
    try {
      await writer.connect();
      await writeAll(writer, [
        {
          kind: 'transaction',
          db: 0,
          commands: [
            argv('SET', 'a', '1'),
            argv('INCR', 'a'),
            argv('SET', 'b', '5'),
            argv('RPUSH', '{a}l', 'x', 'y'),
          ],
        },
        { kind: 'transaction', db: 0, commands: [argv('SET', '{t}1', 'p'), argv('SET', '{t}2', 'q')] },
      ]);
      expect([await get('a'), await get('b'), await get('{t}1'), await get('{t}2')]).toEqual([
        '2',
        '5',
        'p',
        'q',
      ]);
      expect(await cluster.nodeForKey('a').client().lrange('{a}l', 0, -1)).toEqual(['x', 'y']);
      const stats = writer.stats();
      expect(stats.splitTransactions).toBe(1);
      expect(stats.warnings.join('\n')).toMatch(
        /1 MULTI\/EXEC transaction\(s\) spanned several hash slots .* not atomic/,
      );
    } finally {
      await writer.close();
    }
  });

  it('routes commands the table does not know (COMMAND INFO, COMMAND GETKEYS) and FLUSHALL to every master', async () => {
    const writer = createWriter({ url: cluster.url });
    try {
      await writer.connect();
      await writeAll(writer, [
        command('RPUSH', '{s}src', '3', '1', '2'),
        command('SORT', '{s}src', 'STORE', '{s}dst'),
        command('STRLEN', 'nothing'),
        command('SET', 'k1', 'v'),
        command('SET', 'k2', 'v'),
      ]);
      expect(await cluster.nodeForKey('{s}dst').client().lrange('{s}dst', 0, -1)).toEqual(['1', '2', '3']);
      await writeAll(writer, [command('FLUSHALL')]);
      for (const master of cluster.masters) expect(await master.client().dbsize()).toBe(0);
    } finally {
      await writer.close();
    }
  });
});
