import { runMigrate } from '../cliUtils.js';
import type { Scenario } from '../types.js';

/**
 * `redis-shuttle migrate scan+redis://<source> <target> --json`: the SCAN + DUMP reader (for
 * sources that refuse PSYNC), a snapshot by default. Compared with the same limit as psync-full-sync.
 */
const scan: Scenario = {
  name: 'scan',
  description: 'the CLI (migrate scan+redis://<source> <url> --json): SCAN + DUMP into a fresh redis-server',
  limit: 'rdb-fetch-then-restore',
  async run(ctx) {
    const target = await ctx.startTarget();
    const source = `scan+redis://${ctx.source.host}:${ctx.source.port}`;
    const { result, serverCpuSeconds } = await runMigrate(ctx.repoRoot, source, target.url, [], target);
    await ctx.verify(target, 'scan');
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

export default scan;
