import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { compareDeployments, fillEveryType, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from './runCli.js';

describe('redis-shuttle rdb <file>', () => {
  let source: RedisServer;
  let dump: string;
  let keys: number;
  beforeAll(async () => {
    source = await RedisServer.start();
    const counts = await fillEveryType(source.client(), { dbs: [0, 1, 15], scale: 2 });
    keys = Object.values(counts).reduce((a, b) => a + b, 0);
    await source.client().save();
    dump = join(source.dir, 'dump.rdb');
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('--format resp, piped into redis-cli --pipe, rebuilds the source exactly', async () => {
    const target = await RedisServer.start();
    try {
      // binary output: read as bytes, not text
      const resp = execFileSync(process.execPath, [CLI_BIN, 'rdb', dump, '--format', 'resp'], {
        maxBuffer: 1 << 30,
      });
      const piped = execFileSync('redis-cli', ['-p', String(target.port), '--pipe'], { input: resp });
      expect(piped.toString()).toMatch(/errors: 0, replies: \d+/);
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
    } finally {
      await target.stop();
    }
  });

  it('--format jsonl: one binary-safe JSON object per key', async () => {
    const result = await runCli(['rdb', dump, '--format', 'jsonl']);
    expect(result.code).toBe(0);
    const records = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(keys);
    const binaryKey = records.find((r) => typeof r.key === 'object' && r.db === 0);
    expect(Buffer.from(binaryKey.key.base64, 'base64').subarray(0, 3)).toEqual(
      Buffer.from([0x00, 0xff, 0x0a]),
    );
    const zset = records.find((r) => r.key === 'db0:zset:small:0');
    expect(zset.value.map(([, score]: [unknown, unknown]) => score)).toEqual(['-inf', 0, 1, 2.5, 'inf']);
    const stream = records.find((r) => r.key === 'db0:stream:0');
    expect(stream.value.groups.map((g: { name: string }) => g.name)).toEqual(['g1', 'g2']);
  });

  it('--format json is one array; --format keys one name per line; summary counts', async () => {
    const json = await runCli(['rdb', dump, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toHaveLength(keys);
    const names = await runCli(['rdb', dump, '--format', 'keys']);
    expect(names.stdout.trim().split('\n')).toHaveLength(keys);
    const summary = await runCli(['rdb', dump]);
    expect(summary.stdout).toMatch(
      /^REDIS RDB version 10, written by redis 7\.0\.\d+\n\d+ keys \(\d+ with a TTL\)/,
    );
    expect(summary.stdout).toMatch(/^db15\tstream\tstream\t5$/m);
    expect(summary.stdout).toMatch(/biggest keys by element count:\n {2}db\d+ "[^"]+": \d+ elements/);
  });

  it('a missing file is one clear error', async () => {
    const result = await runCli(['rdb', join(source.dir, 'nope.rdb')]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(
      /^error: cannot read the RDB file ".*nope\.rdb": no such file$/,
    );
  });
});
