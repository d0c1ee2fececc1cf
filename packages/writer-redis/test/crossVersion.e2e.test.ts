import { fileURLToPath } from 'node:url';
import { RedisServer } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import { compareWithExpected, readExpected } from '@redis-shuttle/testkit';
import { rdbEntries } from './rdbEntries.js';
import { createWriter, writeAll } from './writerHarness.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/generated/${path}`, import.meta.url));

describe.each([
  ['redis-7.2.6', 11, 0],
  ['valkey-8.0.1', 11, 0],
  ['redis-7.4.1', 12, 7],
])(
  'a %s RDB (version %i) into redis-server 7.0 (RDB 10), through the command path',
  (server, rdbVersion, keysWithFieldTtls) => {
    it('every key has the logical content the writing server reported; what 7.0 cannot hold is reported', async () => {
      const target = await RedisServer.start();
      const writer = createWriter({ url: target.url, commandElements: 64 });
      try {
        await writer.connect();
        await writeAll(writer, rdbEntries(fixture(`${server}/dataset.rdb.gz`)));
        const expected = readExpected(fixture(`${server}/dataset.expected.jsonl.gz`));
        const comparison = await compareWithExpected(target.client(), expected);
        expect(comparison.differences).toEqual([]);
        const stats = writer.stats();
        expect(stats.keys).toBe(expected.length);
        expect(stats.keysByCommands).toBe(expected.length);
        expect(stats.warnings).toContain(
          `${expected.length} keys written by commands: their RDB version ${rdbVersion} is newer than the target's (10, Redis 7.0.15)`,
        );
        if (comparison.fieldTtls > 0) {
          expect(stats.warnings).toContain(
            `${comparison.fieldTtls} hash field TTLs dropped: the target (Redis 7.0.15) has no field expiration (needs 7.4+)`,
          );
        }
        expect(comparison.fieldTtls > 0).toBe(keysWithFieldTtls > 0);
        if (comparison.pendingOnDeleted > 0) {
          expect(stats.warnings).toContain(
            `${comparison.pendingOnDeleted} pending entries of stream consumer groups dropped: they point at deleted entries, which XCLAIM cannot recreate`,
          );
        }
      } finally {
        await writer.close();
        await target.stop();
      }
    });
  },
);
