import { compareDeployments, fillEveryType, RedisCluster, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriter, dumpEntries, fillKeys, migrateRdb, saveRdb, writeAll } from './clusterHarness.js';

const LIBRARY =
  "#!lua name=shuttlelib\nredis.register_function('shuttle_hello', function() return 'hello' end)";

describe('ClusterWriter: RDB into a 3-master cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await RedisCluster.start({ masters: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('migrates every value type (and a function library) and compares equal', async () => {
    const source = await RedisServer.start();
    try {
      await fillEveryType(source.client(), { dbs: [0], scale: 3 });
      await source.client().call('FUNCTION', 'LOAD', LIBRARY);
      const stats = await migrateRdb(await saveRdb(source), { url: cluster.url });
      const comparison = await compareDeployments(source, cluster);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      expect(stats).toMatchObject({ functions: 1, reconnects: 0, redirections: { moved: 0, ask: 0 } });
      for (const master of cluster.masters) {
        const libraries = (await master.client().call('FUNCTION', 'LIST')) as unknown[][];
        expect(libraries.map((l) => String(l[1]))).toEqual(['shuttlelib']);
      }
    } finally {
      await source.stop();
    }
  });

  it('migrates 300,000 keys and compares equal; one connection per master', async () => {
    const source = await RedisServer.start();
    const target = await RedisCluster.start({ masters: 3 });
    try {
      await fillKeys(source.client(), 300_000);
      const stats = await migrateRdb(await saveRdb(source), { url: target.masters[1]!.url });
      expect(stats.keys).toBe(300_000);
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
    } finally {
      await Promise.all([source.stop(), target.stop()]);
    }
  });

  it('connections(): one per master, connected, nothing in flight after flush', async () => {
    const writer = createWriter({ url: cluster.url });
    try {
      await writer.connect();
      const connections = writer.connections();
      expect(connections.map((c) => c.endpoint).sort()).toEqual(
        cluster.masters.map((m) => `${m.host}:${m.port}`).sort(),
      );
      for (const c of connections)
        expect(c).toMatchObject({
          id: `target:${c.endpoint}`,
          state: 'connected',
          inFlight: 0,
          role: 'target',
        });
    } finally {
      await writer.close();
    }
  });

  it('refuses a source db other than 0 unless dbMap maps it', async () => {
    const writer = createWriter({ url: cluster.url });
    const mapped = createWriter({ url: cluster.url, dbMap: { '3': 0 } });
    const argv = ['SET', 'db3key', 'v'].map((a) => Buffer.from(a));
    try {
      await writer.connect();
      expect(() => writer.write({ kind: 'command', db: 3, argv })).toThrow(
        expect.objectContaining({
          code: 'E_CONFIG',
          message: expect.stringMatching(/source db 3 \(key "db3key"\)/),
        }),
      );
      await mapped.connect();
      mapped.write({ kind: 'command', db: 3, argv });
      await mapped.flush();
      expect(await cluster.nodeForKey('db3key').client().get('db3key')).toBe('v');
    } finally {
      await Promise.all([writer.close(), mapped.close()]);
    }
  });

  it('says a standalone server is for the redis writer', async () => {
    const server = await RedisServer.start();
    const writer = createWriter({ url: server.url });
    try {
      await expect(writer.connect()).rejects.toMatchObject({ pluginName: 'redis', kind: 'writer' });
    } finally {
      await writer.close();
      await server.stop();
    }
  });

  describe('a target that already holds keys', () => {
    let source: RedisServer;
    beforeAll(async () => {
      source = await RedisServer.start();
      await fillKeys(source.client(), 300);
    });
    afterAll(async () => {
      await source?.stop();
    });
    const prepare = async () => {
      await Promise.all(cluster.masters.map((master) => master.client().call('FLUSHALL')));
      await cluster.nodeForKey('k:1').client().set('k:1', 'kept');
      await cluster.nodeForKey('extra').client().set('extra', 'x');
    };

    it('busyKey skip keeps it and counts it; the summary says the target was not empty', async () => {
      await prepare();
      const writer = createWriter({ url: cluster.url, busyKey: 'skip' });
      try {
        await writer.connect();
        await writeAll(writer, dumpEntries(source.client()));
        expect(await cluster.nodeForKey('k:1').client().get('k:1')).toBe('kept');
        expect(writer.stats()).toMatchObject({ skipped: 1, keys: 299 });
        expect(writer.stats().warnings[0]).toMatch(
          /not empty before writing \(2 keys\); existing keys are kept/,
        );
      } finally {
        await writer.close();
      }
    });

    it('busyKey fail stops naming the key', async () => {
      await prepare();
      const writer = createWriter({ url: cluster.url, busyKey: 'fail' });
      try {
        await writer.connect();
        await expect(writeAll(writer, dumpEntries(source.client()))).rejects.toMatchObject({
          code: 'E_TARGET_REJECTED',
          message: expect.stringMatching(/key "k:1"/),
        });
      } finally {
        await writer.close();
      }
    });

    it('flushTarget empties every master first', async () => {
      await prepare();
      const writer = createWriter({ url: cluster.url, flushTarget: true });
      try {
        await writer.connect();
        await writeAll(writer, dumpEntries(source.client()));
        expect(await cluster.nodeForKey('extra').client().exists('extra')).toBe(0);
        expect((await compareDeployments(source, cluster)).equal).toBe(true);
        expect(writer.stats().warnings[0]).toMatch(/emptied before writing \(it held 2 keys\)/);
      } finally {
        await writer.close();
      }
    });
  });
});
