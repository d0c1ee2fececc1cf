import { join } from 'node:path';
import { BenchError } from '../BenchError.js';
import { runMeasured } from '../measureProcess.js';
import { assertExitedOk, lastJsonLine, withServerCpu } from '../processUtils.js';
import type { Scenario } from '../types.js';

/** `redis-shuttle migrate <rdb> <target> --json` into a fresh, empty redis-server. */
const rdbToStandalone: Scenario = {
  name: 'rdb-to-standalone',
  description: 'the CLI (migrate <file.rdb> <url> --json) into a fresh empty standalone redis-server',
  limit: 'restore-pipe',
  async run(ctx) {
    const target = await ctx.startTarget();
    const bin = join(ctx.repoRoot, 'apps', 'cli', 'dist', 'bin.js');
    const args = [bin, 'migrate', ctx.dataset.rdbPath, target.url, '--json'];
    const { result, serverCpuSeconds } = await withServerCpu(target, () =>
      runMeasured(process.execPath, args),
    );
    assertExitedOk('redis-shuttle migrate', result);
    const summary = lastJsonLine<{ status?: string; keys?: number }>('redis-shuttle migrate', result.stdout);
    if (summary.status !== undefined && summary.status !== 'completed') {
      throw new BenchError(`redis-shuttle migrate ended with status ${summary.status}`);
    }
    await ctx.verify(target, 'rdb-to-standalone');
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

export default rdbToStandalone;
