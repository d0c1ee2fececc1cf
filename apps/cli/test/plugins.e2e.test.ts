import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillEveryType, RedisServer, tmpDir } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli } from './runCli.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/writer-jsonl', import.meta.url));

describe('plugins, filters and transforms', () => {
  let source: RedisServer;
  let dump: string;
  let dir: string;
  beforeAll(async () => {
    source = await RedisServer.start();
    await fillEveryType(source.client(), { dbs: [0, 1] });
    await source.client().save();
    dump = join(source.dir, 'dump.rdb');
    dir = tmpDir('cli-plugins');
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('loads a third-party writer by path (examples/writer-jsonl)', async () => {
    const out = join(dir, 'out.jsonl');
    const result = await runCli(['migrate', dump, out, '--writer', EXAMPLE, '--json']);
    expect(result.code).toBe(0);
    const summary = lastJsonLine(result.stdout) as { keys: number };
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(summary.keys);
    expect(summary.keys).toBe((await source.client().dbsize()) + (await dbsize(source, 1)));
  });

  it('applies key and db filters from the config', async () => {
    const target = await RedisServer.start();
    const config = join(dir, 'filters.toml');
    writeFileSync(
      config,
      `[source]\nurl = "${dump}"\n[target]\nurl = "${target.url}"\n[filter]\nallow_dbs = [0]\nallow_key_prefixes = ["db0:hash:"]\nblock_key_suffixes = [":1"]\n`,
    );
    try {
      const result = await runCli(['migrate', '--config', config, '--json']);
      expect(result.code).toBe(0);
      const keys = (await target.client().keys('*')).sort();
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.startsWith('db0:hash:') && !k.endsWith(':1'))).toBe(true);
      const summary = lastJsonLine(result.stdout) as { keys: number; filtered: number };
      expect(summary.keys).toBe(keys.length);
      expect(summary.filtered).toBeGreaterThan(0);
      expect(await dbsize(target, 1)).toBe(0);
    } finally {
      await target.stop();
    }
  });

  it('runs a transform module on every entry', async () => {
    const target = await RedisServer.start();
    const transform = join(dir, 'transform.mjs');
    writeFileSync(
      transform,
      `export default function transform(entry) {
  if (entry.kind !== 'key') return entry;
  if (entry.key.toString().startsWith('db0:str:')) return null;
  return { ...entry, key: Buffer.concat([Buffer.from('moved:'), entry.key]) };
}\n`,
    );
    const config = join(dir, 'transform.toml');
    writeFileSync(
      config,
      `transform = "${transform}"\n[source]\nurl = "${dump}"\n[target]\nurl = "${target.url}"\n`,
    );
    try {
      const result = await runCli(['migrate', '--config', config]);
      expect(result.code).toBe(0);
      const keys = await target.client().keys('*');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.startsWith('moved:') && !k.startsWith('moved:db0:str:'))).toBe(true);
    } finally {
      await target.stop();
    }
  });
});

async function dbsize(server: RedisServer, db: number): Promise<number> {
  const client = server.client();
  await client.select(db);
  const n = await client.dbsize();
  await client.select(0);
  return n;
}
