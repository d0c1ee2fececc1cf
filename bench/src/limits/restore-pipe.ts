import { BenchError } from '../BenchError.js';
import { runMeasured } from '../measureProcess.js';
import { assertExitedOk, withServerCpu } from '../processUtils.js';
import { findRedisCli, parsePipeSummary } from '../redisCliUtils.js';
import type { Limit } from '../types.js';

/** `redis-cli --pipe` of a RESTORE per key into an empty server: the target's own ingest rate. */
const restorePipe: Limit = {
  name: 'restore-pipe',
  description:
    'redis-cli --pipe of SELECT + RESTORE ... REPLACE ABSTTL for every key into an empty redis-server',
  async run(ctx) {
    const file = await ctx.restoreFile();
    const target = await ctx.startTarget();
    const args = ['-h', target.host, '-p', String(target.port), '--pipe'];
    const { result, serverCpuSeconds } = await withServerCpu(target, () =>
      runMeasured(findRedisCli(), args, { stdinFile: file.path }),
    );
    assertExitedOk('redis-cli --pipe', result);
    const summary = parsePipeSummary(result.stdout);
    if (!summary || summary.errors > 0) {
      throw new BenchError(
        `redis-cli --pipe reported errors:\n${result.stdout.trim().split('\n').slice(-10).join('\n')}`,
      );
    }
    await ctx.verify(target, 'restore-pipe');
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

export default restorePipe;
