import { isShuttleError } from '@redis-shuttle/core';
import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import { migrateScan } from './migrateScan.js';

describe('scan reader: connecting to the source', () => {
  it('reads the password from passwordEnv, and never shows it when it is wrong', async () => {
    const source = await RedisServer.start({ password: 'right-secret' });
    const target = await RedisServer.start();
    try {
      await source.client().set('k', 'v');
      const host = source.url.replace(/^redis:\/\/[^@]*@/, '');
      process.env.SCAN_TEST_PW = 'right-secret';
      await migrateScan({ url: `scan+redis://${host}`, passwordEnv: 'SCAN_TEST_PW' }, { url: target.url });
      expect((await compareDeployments(source, target)).equal).toBe(true);

      process.env.SCAN_TEST_PW = 'wrong-secret';
      const error = await migrateScan(
        { url: `scan+redis://${host}`, passwordEnv: 'SCAN_TEST_PW' },
        { url: target.url },
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isShuttleError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'E_SOURCE_UNREACHABLE' });
      expect(
        JSON.stringify({ m: (error as Error).message, h: (error as { hint?: string }).hint }),
      ).not.toContain('wrong-secret');

      delete process.env.SCAN_TEST_PW;
      await expect(
        migrateScan({ url: `scan+redis://${host}`, passwordEnv: 'SCAN_TEST_PW' }, { url: target.url }),
      ).rejects.toMatchObject({ code: 'E_CONFIG', message: /SCAN_TEST_PW/ });
    } finally {
      delete process.env.SCAN_TEST_PW;
      await source.stop();
      await target.stop();
    }
  });

  it('says when the source cannot be reached, without the password', async () => {
    const target = await RedisServer.start();
    try {
      await expect(
        migrateScan(
          { url: 'scan+redis://:hidden-pw@127.0.0.1:1', connectTimeoutMs: 1000 },
          { url: target.url },
        ),
      ).rejects.toSatisfy(
        (e: unknown) =>
          isShuttleError(e) && e.code === 'E_SOURCE_UNREACHABLE' && !e.message.includes('hidden-pw'),
      );
    } finally {
      await target.stop();
    }
  });
});
