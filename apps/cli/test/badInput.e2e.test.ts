import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, RedisServer, tmpDir } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

/** The human lines of standard error (the others are JSON log lines). */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('error: '));
}

/** One clear line naming the problem, a non-zero exit, no stack trace. */
function expectOneClearError(
  result: { code: number | null; stderr: string; stdout: string },
  pattern: RegExp,
) {
  expect(result.code).not.toBe(0);
  const lines = errorLines(result.stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('bad input gives one clear message', () => {
  let source: RedisServer;
  let target: RedisServer;
  let dump: string;
  let dir: string;

  beforeAll(async () => {
    source = await RedisServer.start();
    await source.client().set('k', 'v');
    await source.client().save();
    dump = join(source.dir, 'dump.rdb');
    target = await RedisServer.start({ password: 'right-password' });
    dir = tmpDir('cli-bad-input');
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('a missing file', async () => {
    const result = await runCli(['migrate', join(dir, 'nope.rdb'), target.url]);
    expectOneClearError(result, /cannot read the RDB file ".*nope\.rdb": no such file/);
    expect(result.code).toBe(1);
  });

  it('a file that is not an RDB', async () => {
    const notRdb = join(dir, 'notes.txt');
    writeFileSync(notRdb, 'hello, this is not a Redis dump\n');
    const result = await runCli(['migrate', notRdb, target.url]);
    expectOneClearError(result, /notes\.txt.*not an RDB file.*byte 0/);
  });

  it('an unreachable target', async () => {
    const port = await freePort();
    const result = await runCli(['migrate', dump, `redis://127.0.0.1:${port}`]);
    expectOneClearError(
      result,
      new RegExp(`cannot connect to the target 127\\.0\\.0\\.1:${port}: connection refused`),
    );
  });

  it('a wrong password, never printed', async () => {
    const result = await runCli(['migrate', dump, `redis://:wrong-password@127.0.0.1:${target.port}`]);
    expectOneClearError(result, /refused the credentials/);
    expect(result.stderr + result.stdout).not.toContain('wrong-password');
  });

  it('no password for a target that needs one', async () => {
    const result = await runCli(['migrate', dump, `redis://127.0.0.1:${target.port}`]);
    expectOneClearError(result, /requires a password/);
  });

  it('the password from an environment variable works and is never printed', async () => {
    const result = await runCli(
      ['migrate', dump, `redis://127.0.0.1:${target.port}`, '--target-password-env', 'TARGET_PW', '--json'],
      { env: { TARGET_PW: 'right-password' } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('right-password');
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const result = await runCli(['migrate', dump, target.url, '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
  });
});
