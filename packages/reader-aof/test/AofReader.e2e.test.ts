import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { container, type Entry, silentLogger, TOKENS } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import readerPlugin, { aofReaderConfigSchema } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

async function readAll(path: string): Promise<Entry[]> {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: silentLogger });
  readerPlugin.register(scope, aofReaderConfigSchema.parse({ path }));
  const reader = scope.resolve(TOKENS.Reader);
  const entries: Entry[] = [];
  for await (const entry of reader.entries(new AbortController().signal)) entries.push(entry);
  expect(reader.progress().bytesRead).toBe(reader.progress().bytesTotal);
  await reader.close();
  return entries;
}

function keyName(key: string | { base64: string }): string {
  return (typeof key === 'string' ? Buffer.from(key) : Buffer.from(key.base64, 'base64')).toString('latin1');
}

// redis-server 7.0 cannot load RDB 12 (hash field expiry, types 24/25): check the decoded content instead.
describe('Redis 7.4.1 multi-part AOF (RDB 12 base), read without a server', () => {
  it('yields every key of the base with its type and TTL, the functions, then the incr commands', async () => {
    const dir = join(FIXTURES, 'generated/redis-7.4.1');
    const entries = await readAll(join(dir, 'aof-preamble'));
    const expected = readFileSync(join(dir, 'dataset.keys.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .map((o) => `${o.db} ${keyName(o.key)} ${o.rdbType} ${o.expireAtMs}`)
      .sort();
    const keys = entries.flatMap((e) =>
      e.kind === 'key' ? [`${e.db} ${e.key.toString('latin1')} ${e.dump!.rdbType} ${e.expireAtMs}`] : [],
    );
    expect(keys.sort()).toEqual(expected);
    for (const e of entries) if (e.kind === 'key') expect(e.dump!.rdbVersion).toBe(12);
    expect(entries.filter((e) => e.kind === 'function')).toHaveLength(2);
    const commands = entries.filter((e) => e.kind === 'command' || e.kind === 'transaction');
    const names = commands.flatMap((e) =>
      e.kind === 'command'
        ? [e.argv[0]!.toString().toLowerCase()]
        : e.commands.map((c) => c[0]!.toString().toLowerCase()),
    );
    expect(names).toContain('hpexpireat');
    expect(names).toContain('swapdb');
    expect(names).not.toContain('select');
    expect(names).not.toContain('multi');
    const swap = commands.find(
      (e) => e.kind === 'command' && e.argv[0]!.toString().toLowerCase() === 'swapdb',
    );
    expect(swap?.db).toBe(2);
    expect(commands.some((e) => e.kind === 'transaction')).toBe(true);
  });
});
