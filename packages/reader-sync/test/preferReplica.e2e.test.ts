import { compareDeployments, fillEveryType, RedisServer, waitFor } from '@redis-shuttle/testkit';
import { afterAll, expect, it } from 'vitest';
import { startSync } from './syncHarness.js';

const servers: RedisServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

it('preferReplica reads from an online replica and spares the master', async () => {
  const master = await RedisServer.start({ config: { 'repl-diskless-sync-delay': '0' } });
  servers.push(master);
  const [replica, target] = await Promise.all([
    RedisServer.start({
      args: ['--replicaof', master.host, String(master.port), '--repl-diskless-sync-delay', '0'],
    }),
    RedisServer.start(),
  ]);
  servers.push(replica, target);
  await fillEveryType(master.client());
  await waitFor(async () => (await replica.info('replication')).master_link_status === 'up');
  await waitFor(async () => (await master.info('replication')).slave0?.includes('state=online'));
  await waitFor(
    async () =>
      (await master.info('replication')).master_repl_offset ===
      (await replica.info('replication')).master_repl_offset,
  );
  const before = await master.info('stats');
  const run = await startSync({ url: master.url, preferReplica: true, mode: 'snapshot' }, target.url);
  await run.done;
  expect(run.reader.progress().links[0]!.endpoint).toBe(`${replica.host}:${replica.port}`);
  expect((await master.info('stats')).sync_full).toBe(before.sync_full);
  expect((await replica.info('stats')).sync_full).toBe('1');
  const comparison = await compareDeployments(master, target);
  expect(comparison.differences).toEqual([]);
  expect(comparison.equal).toBe(true);
});
