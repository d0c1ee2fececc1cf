import {
  compareDeployments,
  deploymentDigest,
  RedisCluster,
  RedisServer,
  waitFor,
} from '@redis-shuttle/testkit';
import type { Cluster } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { startSync } from './syncHarness.js';

let cluster: RedisCluster | undefined;
let target: RedisServer | undefined;
afterAll(async () => {
  await Promise.all([cluster?.stop(), target?.stop()]);
});

async function fill(client: Cluster, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 500) {
    const batch: Array<Promise<unknown>> = [];
    for (let i = start; i < Math.min(to, start + 500); i++) {
      batch.push(client.set(`s:${i}`, `v${i}`));
      if (i % 3 === 0) batch.push(client.hset(`h:${i % 700}`, `f${i}`, String(i)));
      if (i % 5 === 0) batch.push(client.rpush(`l:${i % 300}`, String(i)));
      if (i % 7 === 0) batch.push(client.incr(`c:${i % 100}`));
      if (i % 11 === 0) batch.push(client.del(`s:${i - 3}`));
    }
    await Promise.all(batch);
  }
}

it('replicates every master of a cluster source, one link each, into one target', async () => {
  [cluster, target] = await Promise.all([
    RedisCluster.start({ masters: 3, args: ['--repl-diskless-sync-delay', '0'] }),
    RedisServer.start(),
  ]);
  const client = cluster.client();
  await fill(client, 0, 20_000);
  // A function library lives on every master: the target gets it once.
  const library = "#!lua name=shuttle\nredis.register_function('hello', function() return 'hi' end)";
  for (const master of cluster.masters) await master.client().call('FUNCTION', 'LOAD', library);
  const node = cluster.masters[1]!;
  const run = await startSync({ url: `redis://${node.host}:${node.port}` }, target.url);
  await waitFor(() => run.reader.progress().phase === 'stream', { timeoutMs: 30_000 });
  await fill(client, 20_000, 30_000); // writes on every master during the stream
  const progress = run.reader.progress();
  expect(progress.links).toHaveLength(3);
  await waitFor(async () => (await deploymentDigest(cluster!)) === (await deploymentDigest(target!)), {
    timeoutMs: 10_000,
    intervalMs: 100,
  }).catch(() => undefined);
  const comparison = await compareDeployments(cluster, target);
  expect(comparison.differences).toEqual([]);
  expect(comparison.equal).toBe(true);
  const stats = await run.stop();
  expect(stats.functions).toBe(1);
  expect(await target.client().call('FCALL', 'hello', '0')).toBe('hi');
  expect(run.reader.progress().phase).toBe('done');
});
