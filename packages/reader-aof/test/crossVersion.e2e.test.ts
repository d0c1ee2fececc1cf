import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithExpected, RedisServer, readExpected } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import { migrateAof } from './migrateAof.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/generated', import.meta.url));

// AOF directories written by newer servers, replayed into redis-server 7.0 (the only server here):
// an RDB 11 base goes through the writer's command path; the result must be the content the writing
// server's own version reconstructs from the directory (expected.jsonl), key by key.
// Not here: redis-7.2.6/aof-plain replays equal except one consumer (stream:trimmed, group g, c1)
// that only a 7.2 server creates: its base has `XCLAIM ... FORCE` of deleted entries, which creates
// the consumer on 7.2 and not on 7.0 (a server difference, not the reader's); 7.4.1 and 8.0 AOFs
// carry HPEXPIREAT, which redis-server 7.0 does not have.
describe.each(['redis-7.2.6/aof-preamble', 'valkey-8.0.1/aof-preamble'])(
  'the %s directory into redis-server 7.0',
  (dir) => {
    it('replays to the expected content', async () => {
      const target = await RedisServer.start();
      try {
        const { stats } = await migrateAof({ path: join(FIXTURES, dir) }, target.url);
        const expected = readExpected(join(FIXTURES, dir, 'expected.jsonl'));
        const comparison = await compareWithExpected(target.client(), expected);
        expect(comparison.differences).toEqual([]);
        const total = Object.values(await target.info('keyspace')).reduce(
          (n, v) => n + Number(/keys=(\d+)/.exec(v)?.[1] ?? 0),
          0,
        );
        expect(total).toBe(expected.length);
        if (dir.endsWith('aof-preamble')) expect(stats.keysByCommands).toBeGreaterThan(0);
      } finally {
        await target.stop();
      }
    });
  },
);
