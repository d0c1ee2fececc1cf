import { noFullSyncDelay, runMigrate } from '../cliUtils.js';
import type { Scenario } from '../types.js';

/**
 * `redis-shuttle migrate redis://<source> <target> --mode snapshot --json`: a full sync over PSYNC
 * from the live source (which forks and streams its snapshot), ending once caught up; timed from
 * start to exit.
 */
const psyncFullSync: Scenario = {
  name: 'psync-full-sync',
  description:
    'the CLI (migrate redis://<source> <url> --mode snapshot --json): PSYNC full sync into a fresh redis-server',
  limit: 'rdb-fetch-then-restore',
  async run(ctx) {
    const target = await ctx.startTarget();
    await noFullSyncDelay(ctx.source);
    const { result, serverCpuSeconds } = await runMigrate(
      ctx.repoRoot,
      ctx.source.url,
      target.url,
      ['--mode', 'snapshot'],
      target,
    );
    await ctx.verify(target, 'psync-full-sync');
    return {
      seconds: result.seconds,
      keys: ctx.dataset.keys,
      bytes: ctx.dataset.rdbBytes,
      peakRssBytes: result.peakRssBytes,
      cpuSeconds: result.cpuSeconds,
      targetCpuSeconds: serverCpuSeconds,
    };
  },
};

export default psyncFullSync;
