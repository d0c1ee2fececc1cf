import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from '../BenchError.js';
import { noFullSyncDelay } from '../cliUtils.js';
import { runMeasured } from '../measureProcess.js';
import { assertExitedOk, withServerCpu } from '../processUtils.js';
import { findRedisCli, parsePipeSummary } from '../redisCliUtils.js';
import type { Limit } from '../types.js';

/**
 * What a live migration costs at best, done by Redis's own tools in two steps: `redis-cli --rdb`
 * fetches a fresh snapshot from the source (the same fork + transfer a PSYNC full sync does), then
 * `redis-cli --pipe` of the RESTORE file fills an empty redis-server. The time is the sum.
 */
const rdbFetchThenRestore: Limit = {
  name: 'rdb-fetch-then-restore',
  description:
    'redis-cli --rdb from the live source, plus redis-cli --pipe of the RESTORE file into an empty redis-server (times added)',
  async run(ctx) {
    const file = await ctx.restoreFile();
    const target = await ctx.startTarget();
    const rdb = join(target.dir, 'fetched.rdb');
    const cli = findRedisCli();
    await noFullSyncDelay(ctx.source);
    const fetch = await runMeasured(cli, [
      '-h',
      ctx.source.host,
      '-p',
      String(ctx.source.port),
      '--rdb',
      rdb,
    ]);
    assertExitedOk('redis-cli --rdb', fetch);
    rmSync(rdb, { force: true });
    const args = ['-h', target.host, '-p', String(target.port), '--pipe'];
    const { result, serverCpuSeconds } = await withServerCpu(target, () =>
      runMeasured(cli, args, { stdinFile: file.path }),
    );
    assertExitedOk('redis-cli --pipe', result);
    const summary = parsePipeSummary(result.stdout);
    if (!summary || summary.errors > 0) {
      throw new BenchError(
        `redis-cli --pipe reported errors:\n${result.stdout.trim().split('\n').slice(-10).join('\n')}`,
      );
    }
    await ctx.verify(target, 'rdb-fetch-then-restore');
    ctx.log(
      `rdb-fetch-then-restore: fetch ${fetch.seconds.toFixed(2)} s + restore ${result.seconds.toFixed(2)} s`,
    );
    return {
      seconds: fetch.seconds + result.seconds,
      keys: ctx.dataset.keys,
      bytes: ctx.dataset.rdbBytes,
      peakRssBytes: Math.max(fetch.peakRssBytes ?? 0, result.peakRssBytes ?? 0) || undefined,
      cpuSeconds:
        fetch.cpuSeconds !== undefined && result.cpuSeconds !== undefined
          ? fetch.cpuSeconds + result.cpuSeconds
          : undefined,
      targetCpuSeconds: serverCpuSeconds,
    };
  },
};

export default rdbFetchThenRestore;
