import { fileURLToPath } from 'node:url';
import { RedisServer } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import { rdbEntries } from './rdbEntries.js';
import { createWriter, writeAll } from './writerHarness.js';

describe('module values on a target without the module', () => {
  it('skips them, counts them by module type, and writes everything else', async () => {
    const target = await RedisServer.start();
    const writer = createWriter({ url: target.url });
    try {
      await writer.connect();
      const file = fileURLToPath(
        new URL('./fixtures/sripathikrishnan__redis-rdb-tools/redis_40_with_module.rdb', import.meta.url),
      );
      await writeAll(writer, rdbEntries(file));
      expect(await target.client().get('simplekey')).toBe('someval');
      expect(await target.client().exists('foo')).toBe(0);
      expect(writer.stats()).toMatchObject({ keys: 1, skipped: 1 });
      expect(writer.stats().warnings).toContain(
        '1 keys of module type ReJSON-RL skipped: the target cannot load them (module not loaded there)',
      );
    } finally {
      await writer.close();
      await target.stop();
    }
  });
});
