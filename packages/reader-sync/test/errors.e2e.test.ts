import { isShuttleError } from '@redis-shuttle/core';
import { freePort, RedisCluster, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSync } from './syncHarness.js';

const SECRET = 's3cr3t-pass';
let source: RedisServer;
let target: RedisServer;

beforeAll(async () => {
  [source, target] = await Promise.all([
    RedisServer.start({ password: SECRET, config: { 'repl-diskless-sync-delay': '0' } }),
    RedisServer.start(),
  ]);
  await source.client().call('ACL', 'SETUSER', 'nosync', 'on', '>pw', '~*', '+@all', '-psync', '-sync');
  await source
    .client()
    .call('ACL', 'SETUSER', 'replonly', 'on', '>pw', '-@all', '+psync', '+sync', '+replconf', '+ping');
});
afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});

/** Runs the reader until it fails, and returns the error. */
async function failure(
  readerConfig: Record<string, unknown>,
): Promise<Error & { code?: string; hint?: string }> {
  const run = await startSync(readerConfig, target.url);
  const error = await run.done.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error('the run did not fail');
  expect(isShuttleError(error)).toBe(true);
  expect(`${error.message} ${(error as { hint?: string }).hint}`).not.toContain(SECRET);
  expect(`${error.message} ${(error as { hint?: string }).hint}`).not.toContain('wrong-one');
  return error;
}

const at = () => `${source.host}:${source.port}`;

describe('clear errors', () => {
  it('a wrong password', async () => {
    const error = await failure({ url: `redis://:wrong-one@${at()}` });
    expect(error).toMatchObject({ code: 'E_SOURCE_UNREACHABLE', name: 'SourceError' });
    expect(error.message).toMatch(/refused the credentials/);
    expect(error.hint).toMatch(/password/);
  });

  it('no password for a source that needs one', async () => {
    const error = await failure({ url: `redis://${at()}` });
    expect(error.message).toMatch(/requires a password/);
  });

  it('an ACL user without the sync/psync permission', async () => {
    const error = await failure({ url: `redis://nosync:pw@${at()}` });
    expect(error).toMatchObject({ code: 'E_SOURCE_UNREACHABLE' });
    expect(error.message).toMatch(/does not let this user replicate/);
    expect(error.message).toMatch(/psync/i);
    expect(error.hint).toMatch(/\+psync/);
  });

  it('the password from passwordEnv works and never shows', async () => {
    process.env.READER_SYNC_TEST_PW = SECRET;
    const run = await startSync(
      { url: `redis://${at()}`, passwordEnv: 'READER_SYNC_TEST_PW', mode: 'snapshot' },
      target.url,
    );
    await run.done;
    expect(run.reader.description).not.toContain(SECRET);
  });

  it('a user with only the replication commands is enough (snapshot mode)', async () => {
    await source.client().set('only-repl', '1');
    const run = await startSync({ url: `redis://replonly:pw@${at()}`, mode: 'snapshot' }, target.url);
    await run.done;
    expect(await target.client().get('only-repl')).toBe('1');
    expect(run.logger.lines.some((l) => l.level === 'warn' && /INFO/.test(l.msg))).toBe(true);
  });

  it('an unreachable source', async () => {
    const port = await freePort('127.0.0.1');
    const error = await failure({ url: `redis://127.0.0.1:${port}` });
    expect(error).toMatchObject({ code: 'E_SOURCE_UNREACHABLE' });
    expect(error.message).toMatch(/connection refused/);
  });

  it('a cluster node when cluster sources are turned off', async () => {
    const cluster = await RedisCluster.start({ masters: 1 });
    try {
      const node = cluster.masters[0]!;
      const error = await failure({ url: `redis://${node.host}:${node.port}`, cluster: false });
      expect(error).toMatchObject({ code: 'E_CONFIG' });
      expect(error.message).toMatch(/Redis Cluster node/);
      expect(error.hint).toMatch(/one replication link per master/);
    } finally {
      await cluster.stop();
    }
  });
});
