import { RedisCluster } from '@redis-shuttle/testkit';
import { BenchError } from '../BenchError.js';
import {
  buildClusterRestoreFiles,
  CLUSTER_MASTERS,
  startMergedSource,
  verifyEqual,
} from '../clusterUtils.js';
import { cacheDir, cachedFile } from '../datasetCache.js';
import { runMeasured } from '../measureProcess.js';
import { assertExitedOk, withServerCpu } from '../processUtils.js';
import { findRedisCli, parsePipeSummary } from '../redisCliUtils.js';
import type { Limit } from '../types.js';
import { OWN_SESSION } from '../serverUtils.js';

/**
 * The dataset's RESTORE commands split by key slot, one file per master, replayed with one
 * `redis-cli --pipe` per master in parallel: the cluster's own ingest rate, timed from the first
 * start to the last exit.
 */
const restorePipeCluster: Limit = {
  name: 'restore-pipe-cluster',
  description:
    'redis-cli --pipe of RESTORE ... REPLACE ABSTTL per key, split by slot, into each master of a 3-master cluster in parallel',
  async run(ctx) {
    const cluster = await RedisCluster.start({ ...OWN_SESSION, masters: CLUSTER_MASTERS });
    try {
      const base = cachedFile(cacheDir(ctx.repoRoot), 'restore', ctx.scale, 'resp');
      const files = await buildClusterRestoreFiles(ctx.source, ctx.dataset.keysPerDb, cluster, base);
      const started = performance.now();
      const { result: results, serverCpuSeconds } = await withServerCpu(cluster.masters, () =>
        Promise.all(
          cluster.masters.map((master, i) =>
            runMeasured(findRedisCli(), ['-h', master.host, '-p', String(master.port), '--pipe'], {
              stdinFile: files[i]!,
            }),
          ),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      for (const result of results) {
        assertExitedOk('redis-cli --pipe', result);
        const summary = parsePipeSummary(result.stdout);
        if (!summary || summary.errors > 0) {
          throw new BenchError(
            `redis-cli --pipe reported errors:\n${result.stdout.trim().split('\n').slice(-10).join('\n')}`,
          );
        }
      }
      const merged = await startMergedSource(ctx);
      try {
        await verifyEqual(merged, cluster, 'restore-pipe-cluster');
      } finally {
        await merged.stop();
      }
      return {
        seconds,
        keys: ctx.dataset.keys,
        bytes: ctx.dataset.rdbBytes,
        peakRssBytes: Math.max(...results.map((r) => r.peakRssBytes ?? 0)) || undefined,
        cpuSeconds: results.reduce((sum, r) => sum + (r.cpuSeconds ?? 0), 0),
        // every master's, summed: with redis-cli's, what the machine's cores had to do
        targetCpuSeconds: serverCpuSeconds,
      };
    } finally {
      await cluster.stop();
    }
  },
};

export default restorePipeCluster;
