import { RedisCluster } from '@redis-shuttle/testkit';
import { runMigrate } from '../cliUtils.js';
import { CLUSTER_MASTERS, startMergedSource, verifyEqual } from '../clusterUtils.js';
import type { Scenario } from '../types.js';
import { OWN_SESSION } from '../serverUtils.js';

/**
 * `redis-shuttle migrate <rdb> <cluster node> --db-map 1:0 --json` into a fresh 3-master cluster
 * (the CLI switches to the cluster writer by itself). A cluster has db 0 only, so db 1 is mapped
 * onto it; the target is compared with a copy of the source whose db 1 was moved into db 0.
 */
const rdbToCluster: Scenario = {
  name: 'rdb-to-cluster',
  description:
    'the CLI (migrate <file.rdb> <cluster node> --writer cluster --db-map 1:0 --json) into a fresh 3-master cluster',
  limit: 'restore-pipe-cluster',
  async run(ctx) {
    const cluster = await RedisCluster.start({ ...OWN_SESSION, masters: CLUSTER_MASTERS });
    try {
      const { result, serverCpuSeconds } = await runMigrate(
        ctx.repoRoot,
        ctx.dataset.rdbPath,
        cluster.url,
        ['--writer', 'cluster', '--db-map', '1:0'],
        cluster.masters,
      );
      const merged = await startMergedSource(ctx);
      try {
        await verifyEqual(merged, cluster, 'rdb-to-cluster');
      } finally {
        await merged.stop();
      }
      return {
        seconds: result.seconds,
        keys: ctx.dataset.keys,
        bytes: ctx.dataset.rdbBytes,
        peakRssBytes: result.peakRssBytes,
        cpuSeconds: result.cpuSeconds,
        // every master's, summed
        targetCpuSeconds: serverCpuSeconds,
      };
    } finally {
      await cluster.stop();
    }
  },
};

export default rdbToCluster;
