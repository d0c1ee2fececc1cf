import { join } from 'node:path';
import { compareDeployments, fillEveryType, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli } from './runCli.js';

describe('redis-shuttle migrate <rdb> <target>', () => {
  let source: RedisServer;
  let dump: string;

  beforeAll(async () => {
    source = await RedisServer.start();
    const client = source.client();
    await fillEveryType(client, { dbs: [0, 1, 15], scale: 2 });
    await client.save();
    dump = join(source.dir, 'dump.rdb');
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('migrates every type, encoding, TTL and db from an RDB file, equal by DEBUG DIGEST', async () => {
    const target = await RedisServer.start();
    try {
      const result = await runCli(['migrate', dump, target.url, '--json']);
      expect(result.stderr).not.toMatch(/"level":(40|50|60)|^error/m);
      expect(result.code).toBe(0);
      const summary = lastJsonLine(result.stdout);
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      const sourceKeys = Object.values(comparison.keyCounts.source).reduce((a, b) => a + b, 0);
      expect(summary).toMatchObject({ keys: sourceKeys, reconnects: 0, status: 'completed' });
      expect(typeof summary.entries).toBe('number');
      expect(typeof summary.seconds).toBe('number');
    } finally {
      await target.stop();
    }
  });

  it('migrates the same RDB piped on standard input', async () => {
    const target = await RedisServer.start();
    try {
      const result = await runCli(['migrate', '-', target.url, '--json'], { stdinFile: dump });
      expect(result.code).toBe(0);
      expect(lastJsonLine(result.stdout)).toMatchObject({ status: 'completed', source: 'standard input' });
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
    } finally {
      await target.stop();
    }
  });

  it('prints a human summary without --json', async () => {
    const target = await RedisServer.start();
    try {
      const result = await runCli(['migrate', dump, target.url]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^migrated: \d+ keys/);
    } finally {
      await target.stop();
    }
  });
});
