import { RedisCluster, RedisServer, waitFor } from '@redis-shuttle/testkit';
import { describe, expect, it } from 'vitest';
import { lastJsonLine } from './runCli.js';
import { startCli } from './startCli.js';

describe('a live source (PSYNC) into a cluster: cross-slot commands of the stream', () => {
  it('splits MSET and MULTI/EXEC per slot (counted, with the atomicity warning) and skips MSETNX under --cross-slot skip', async () => {
    const source = await RedisServer.start();
    const cluster = await RedisCluster.start({ masters: 3 });
    const node = cluster.masters[0]!;
    const get = (key: string) => cluster.nodeForKey(key).client().get(key);
    try {
      await source.client().set('before', 'sync');
      const cli = startCli([
        'migrate',
        source.url,
        `redis://${node.host}:${node.port}`,
        '--json',
        '--cross-slot',
        'skip',
      ]);
      await waitFor(async () => (await get('before')) === 'sync' || undefined, {
        timeoutMs: 20_000,
      }).catch((error) => {
        throw new Error(`${error.message}; the CLI said: ${cli.stderr().slice(-2000)}`);
      });
      const s = source.client();
      await s.mset('alpha', '1', 'bravo', '2', 'charlie', '3', 'delta', '4'); // keys in several slots
      await s.multi().set('x-ray', '1').set('yankee', '2').incr('zulu').exec(); // a transaction across slots
      await s.msetnx('papa', '1', 'quebec', '2'); // cannot be split without changing its meaning
      await s.set('after', 'done');
      await waitFor(async () => (await get('after')) === 'done' || undefined, { timeoutMs: 20_000 });
      cli.child.kill('SIGINT');
      const result = await cli.done;
      expect(result.code).toBe(0);
      const values: Array<string | null> = [];
      for (const key of ['alpha', 'bravo', 'charlie', 'delta', 'x-ray', 'yankee', 'zulu'])
        values.push(await get(key));
      expect(values).toEqual(['1', '2', '3', '4', '1', '2', '1']);
      expect([await get('papa'), await get('quebec')]).toEqual([null, null]);
      const summary = lastJsonLine(result.stdout) as { status: string; warnings: string[] };
      expect(summary.status).toBe('interrupted');
      expect(summary.warnings.join('\n')).toMatch(
        /1 MULTI\/EXEC transaction\(s\) spanned several hash slots .* not atomic on the target/,
      );
      expect(summary.warnings.join('\n')).toMatch(
        /cross-slot commands skipped \(crossSlot: skip\): msetnx ×1/i,
      );
    } finally {
      await cluster.stop();
      await source.stop();
    }
  });
});
