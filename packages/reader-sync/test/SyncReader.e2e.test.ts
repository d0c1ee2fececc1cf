import {
  compareDeployments,
  deploymentDigest,
  fillEveryType,
  RedisServer,
  waitFor,
} from '@redis-shuttle/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { fillBulk, type SyncRun, startSync, writeContinuously } from './syncHarness.js';

/** Keys of the big dataset: 500 000 is the acceptance size; SYNC_E2E_KEYS scales it for slow machines. */
const KEYS = Number(process.env.SYNC_E2E_KEYS ?? 500_000);

const servers: RedisServer[] = [];
const runs: SyncRun[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function servers2(sourceConfig: Record<string, string> = {}): Promise<[RedisServer, RedisServer]> {
  const [source, target] = await Promise.all([
    RedisServer.start({ config: { 'repl-diskless-sync': 'no', ...sourceConfig } }),
    RedisServer.start(),
  ]);
  servers.push(source, target);
  return [source, target];
}

/**
 * Polls the digests (cheap) until they match within `timeoutMs`, then runs the full comparison
 * once (key by key: TYPE, expiry, value digest), which takes longer than 10 s on 200 000 keys here.
 */
async function expectEqual(source: RedisServer, target: RedisServer, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  let digestsEqualAfterMs = -1;
  try {
    await waitFor(async () => (await deploymentDigest(source)) === (await deploymentDigest(target)), {
      timeoutMs,
      intervalMs: 100,
      message: 'the target digest to equal the source digest',
    });
    digestsEqualAfterMs = Date.now() - started;
  } finally {
    const comparison = await compareDeployments(source, target);
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
  }
  return digestsEqualAfterMs;
}

/** Waits until the reader follows the command stream and has yielded some of it. */
async function streaming(run: SyncRun): Promise<void> {
  await waitFor(
    () => {
      const p = run.reader.progress();
      return p.phase === 'stream' && p.entries > p.keys;
    },
    { timeoutMs: 60_000, intervalMs: 50, message: 'the command stream' },
  );
}

describe.each([
  { transfer: 'disk-based', config: { 'repl-diskless-sync': 'no' } as Record<string, string> },
  { transfer: 'diskless', config: { 'repl-diskless-sync': 'yes', 'repl-diskless-sync-delay': '0' } },
])('a busy source, $transfer transfer', ({ config }) => {
  it(`copies ${KEYS} keys and the writes made during and after the full sync`, async () => {
    const [source, target] = await servers2(config);
    const client = source.client();
    await fillEveryType(client);
    await fillBulk(client, KEYS);
    const writes = writeContinuously(client);
    const run = await startSync({ url: source.url }, target.url);
    runs.push(run);
    await streaming(run);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await writes.stop();
    const digestsAfterMs = await expectEqual(source, target);
    console.info(`${KEYS} keys: digests equal ${digestsAfterMs} ms after the writes stopped`);
    const progress = run.reader.progress();
    expect(progress.fullSyncs).toBe(1);
    expect(progress.keys).toBeGreaterThan(KEYS);
    await waitFor(() => run.reader.progress().bytesBehind === 0, { timeoutMs: 5_000 });
    await run.stop();
  });
});

describe('acknowledgements', () => {
  it('answers REPLCONF GETACK: WAIT on the source counts the reader once the write is handed on', async () => {
    const [source, target] = await servers2();
    const run = await startSync({ url: source.url }, target.url);
    runs.push(run);
    await waitFor(() => run.reader.progress().phase === 'stream', { timeoutMs: 30_000 });
    const client = source.client();
    await client.set('acked', '1');
    expect(await client.call('WAIT', '1', '5000')).toBe(1);
    await waitFor(async () => (await target.client().get('acked')) === '1', { timeoutMs: 5_000 });
    const replication = await source.info('replication');
    expect(replication.slave0).toMatch(/state=online/);
  });

  it('gets a diskless master to start the command stream at once after the transfer', async () => {
    // The master ignores an ACK sent before its cron saw the RDB child exit (up to 1 s after the
    // transfer at hz 1); with only the periodic ACK (5 s here) the first write would wait that long.
    const [source, target] = await servers2({
      'repl-diskless-sync': 'yes',
      'repl-diskless-sync-delay': '0',
      hz: '1',
      'dynamic-hz': 'no',
    });
    const client = source.client();
    const targetClient = target.client();
    await client.set('marker', 'in the RDB');
    const run = await startSync({ url: source.url, ackIntervalMs: 5_000 }, target.url);
    runs.push(run);
    await waitFor(async () => (await targetClient.get('marker')) === 'in the RDB', { timeoutMs: 30_000 });
    const written = Date.now();
    await client.set('marker', 'in the stream');
    await waitFor(async () => (await targetClient.get('marker')) === 'in the stream', {
      timeoutMs: 10_000,
      intervalMs: 5,
    });
    expect(Date.now() - written).toBeLessThan(2_000);
  });
});

describe('link loss', () => {
  it('continues with a partial resync after CLIENT KILL TYPE replica', async () => {
    // The backlog must cover the writes made while the link is down (default 1 MB: a busy machine overruns it).
    const [source, target] = await servers2({ 'repl-backlog-size': '64mb' });
    const client = source.client();
    await fillEveryType(client);
    const writes = writeContinuously(client);
    const run = await startSync({ url: source.url }, target.url);
    runs.push(run);
    await streaming(run);
    const before = await source.info('stats');
    await client.call('CLIENT', 'KILL', 'TYPE', 'replica');
    await waitFor(() => run.reader.progress().partialSyncs === 1, { timeoutMs: 10_000 }).catch((error) => {
      throw new Error(
        `no partial resync; reader log: ${JSON.stringify(run.logger.lines.filter((l) => l.level !== 'debug'))}`,
        { cause: error },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writes.stop();
    await expectEqual(source, target);
    const after = await source.info('stats');
    expect(Number(after.sync_partial_ok)).toBe(Number(before.sync_partial_ok) + 1);
    expect(after.sync_full).toBe(before.sync_full);
    expect(run.reader.progress()).toMatchObject({ fullSyncs: 1, partialSyncs: 1, reconnects: 1 });
  });
});

describe('a silent link', () => {
  it('is dropped after linkTimeoutMs and resumed with a partial resync', async () => {
    const [source, target] = await servers2({ 'repl-backlog-size': '16mb' });
    const run = await startSync({ url: source.url, linkTimeoutMs: 1_000 }, target.url);
    runs.push(run);
    await waitFor(() => run.reader.progress().phase === 'stream', { timeoutMs: 30_000 });
    const client = source.client();
    await client.call('DEBUG', 'SLEEP', '2.5'); // the source sends nothing, not even PINGs
    await client.set('after-sleep', '1');
    await waitFor(() => run.reader.progress().partialSyncs === 1, { timeoutMs: 10_000 });
    await expectEqual(source, target);
    expect(run.logger.lines.some((l) => /replication link is silent/.test(l.msg))).toBe(true);
    expect(run.reader.progress().fullSyncs).toBe(1);
  });
});

describe('a refused partial resync', () => {
  it('takes the new full sync and re-applies its snapshot', async () => {
    const [source, target] = await servers2({ 'repl-backlog-size': '16kb' });
    const client = source.client();
    await fillEveryType(client);
    const run = await startSync({ url: source.url }, target.url);
    runs.push(run);
    await waitFor(() => run.reader.progress().phase === 'stream', { timeoutMs: 30_000 });
    await client.set('before', '1');
    // The kill and 1 MB of writes in one pipeline: the backlog (16 kB) is overrun before the reader is back.
    const pipe = client.pipeline().call('CLIENT', 'KILL', 'TYPE', 'replica');
    for (let i = 0; i < 100; i++) pipe.set(`overrun:${i}`, 'x'.repeat(10_000));
    await pipe.exec();
    await waitFor(() => run.reader.progress().fullSyncs === 2, { timeoutMs: 20_000 });
    await client.set('after', '1');
    await expectEqual(source, target);
    expect(run.logger.lines.some((l) => l.level === 'warn' && /refused a partial resync/.test(l.msg))).toBe(
      true,
    );
    expect(run.reader.progress()).toMatchObject({ fullSyncs: 2, reconnects: 1 });
  });
});

describe('a link lost during the transfer', () => {
  it('starts the full sync again and ends equal', async () => {
    // Diskless and slow to save (200 µs a key): the kill lands in the middle of the RDB.
    const [source, target] = await servers2({
      'repl-diskless-sync': 'yes',
      'repl-diskless-sync-delay': '0',
      'rdb-key-save-delay': '200',
    });
    const client = source.client();
    await fillBulk(client, 10_000);
    const run = await startSync({ url: source.url }, target.url);
    runs.push(run);
    await waitFor(() => run.reader.progress().keys > 100, { timeoutMs: 20_000 });
    expect(run.reader.progress().phase).toBe('full-sync');
    await client.call('CLIENT', 'KILL', 'TYPE', 'replica');
    await client.config('SET', 'rdb-key-save-delay', '0');
    await waitFor(() => run.reader.progress().phase === 'stream', { timeoutMs: 30_000 });
    await expectEqual(source, target);
    expect(run.reader.progress()).toMatchObject({ fullSyncs: 2, reconnects: 1 });
    expect(run.logger.lines.some((l) => l.level === 'warn' && /full sync was interrupted/.test(l.msg))).toBe(
      true,
    );
  });
});

describe('a paused target', () => {
  it('keeps the source link while the source takes 200 MB of writes', async () => {
    const [source, target] = await servers2();
    const client = source.client();
    await fillEveryType(client);
    const run = await startSync({ url: source.url, memoryBufferBytes: 16 * 1024 * 1024 }, target.url);
    runs.push(run);
    await waitFor(() => run.reader.progress().phase === 'stream', { timeoutMs: 30_000 });
    const before = await source.info('stats');
    await target.client().call('CLIENT', 'PAUSE', '30000', 'WRITE');
    const value = 'v'.repeat(100 * 1024);
    for (let i = 0; i < 2_000; i += 100) {
      const pipe = client.pipeline();
      for (let j = i; j < i + 100; j++) pipe.set(`big:${j}`, `${j}:${value}`);
      await pipe.exec();
    }
    // 200 MB went through the link into the spool, the target has not taken them.
    await waitFor(() => run.reader.progress().spooledBytes > 100 * 1024 * 1024, {
      timeoutMs: 20_000,
      message: 'the writes to reach the spool',
    });
    const during = await source.info('replication');
    expect(during.connected_slaves).toBe('1');
    await target.client().call('CLIENT', 'UNPAUSE');
    await expectEqual(source, target, 30_000);
    const after = await source.info('stats');
    expect(after.sync_full).toBe(before.sync_full);
    expect(after.sync_partial_ok).toBe(before.sync_partial_ok);
    expect(run.reader.progress().reconnects).toBe(0);
    expect(source.logTail(200)).not.toMatch(/scheduled to be closed ASAP|Connection with replica .* lost/i);
  });
});

describe('a full spool', () => {
  it('ends the run with a clear error', async () => {
    const [source, target] = await servers2();
    const client = source.client();
    const run = await startSync(
      { url: source.url, memoryBufferBytes: 1024 * 1024, spoolMaxBytes: 4 * 1024 * 1024 },
      target.url,
    );
    runs.push(run);
    await waitFor(() => run.reader.progress().phase === 'stream', { timeoutMs: 30_000 });
    await target.client().call('CLIENT', 'PAUSE', '30000', 'WRITE');
    // 100 MB: more than the writer holds in flight (64 MB) plus the memory buffer and the spool.
    const value = 'v'.repeat(100 * 1024);
    for (let i = 0; i < 1_000; i += 100) {
      const pipe = client.pipeline();
      for (let j = i; j < i + 100; j++) pipe.set(`big:${j}`, value);
      await pipe.exec();
    }
    // The link fails at once (logged); the pipeline sees it when the writer asks for more.
    await waitFor(() => run.logger.lines.some((l) => l.level === 'error'), { timeoutMs: 20_000 });
    await target.client().call('CLIENT', 'UNPAUSE');
    const error = await run.done.then(
      () => undefined,
      (e: unknown) => e as Error & { code: string; hint: string },
    );
    expect(error).toMatchObject({ code: 'E_CONNECTION_LOST' });
    expect(error!.message).toMatch(/spool reached spoolMaxBytes/);
    expect(error!.hint).toMatch(/spoolDir|spoolMaxBytes/);
  });
});

describe('a master that makes the replica wait', () => {
  it('keeps waiting while the master sends newline keepalives before +FULLRESYNC', async () => {
    const [source, target] = await servers2({ 'repl-diskless-sync': 'yes', 'repl-diskless-sync-delay': '3' });
    await source.client().set('k', 'v');
    const run = await startSync({ url: source.url, mode: 'snapshot', connectTimeoutMs: 1_500 }, target.url);
    runs.push(run);
    await run.done;
    expect(await target.client().get('k')).toBe('v');
  });
});

describe('snapshot mode', () => {
  it('ends by itself once the target has the snapshot', async () => {
    const [source, target] = await servers2();
    const client = source.client();
    await fillEveryType(client);
    await fillBulk(client, 20_000);
    const run = await startSync({ url: source.url, mode: 'snapshot' }, target.url);
    runs.push(run);
    const stats = await run.done;
    expect(stats.keys).toBeGreaterThan(20_000);
    expect((await compareDeployments(source, target)).equal).toBe(true);
    expect(run.reader.progress().phase).toBe('done');
  });
});
