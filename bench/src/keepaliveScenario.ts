import { pingCalls, runMigrate } from './cliUtils.js';
import type { Scenario } from './types.js';

/**
 * The rdb-to-standalone run with `--keepalive <strategy>`, counting the PINGs the target received
 * (`cmdstat_ping` before and after), so each strategy's overhead shows next to `none`.
 */
export function keepaliveScenario(strategy: 'none' | 'ping' | 'tcp' | 'piggyback'): Scenario {
  const name = `keepalive-${strategy}`;
  return {
    name,
    description: `rdb-to-standalone with --keepalive ${strategy}; the target's PINGs are counted`,
    // keepalive-none is the baseline of the others: their ratio is the keepalive's overhead
    limit: strategy === 'none' ? 'restore-pipe' : 'keepalive-none',
    async run(ctx) {
      const target = await ctx.startTarget();
      const pingsBefore = await pingCalls(target);
      const { result, serverCpuSeconds } = await runMigrate(
        ctx.repoRoot,
        ctx.dataset.rdbPath,
        target.url,
        ['--keepalive', strategy],
        target,
      );
      const targetPings = (await pingCalls(target)) - pingsBefore;
      await ctx.verify(target, name);
      return {
        seconds: result.seconds,
        keys: ctx.dataset.keys,
        bytes: ctx.dataset.rdbBytes,
        peakRssBytes: result.peakRssBytes,
        cpuSeconds: result.cpuSeconds,
        targetCpuSeconds: serverCpuSeconds,
        targetPings,
      };
    },
  };
}
