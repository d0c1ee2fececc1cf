import { redisBenchmarkBin } from '../benchmarkLoad.js';
import { noFullSyncDelay } from '../cliUtils.js';
import { verifyEqual } from '../clusterUtils.js';
import { FollowingCli, waitCaughtUp, waitInSync } from '../followingCli.js';
import { runMeasured } from '../measureProcess.js';
import { assertExitedOk } from '../processUtils.js';
import { cpuSecondsOf, peakRssOf } from '../procUtils.js';
import type { Scenario } from '../types.js';

/**
 * The command stream of a live source: `redis-shuttle migrate redis://<source> <target>` (sync
 * mode) runs in the background until the two are in sync, then `redis-benchmark -t set,incr,lpush
 * -P 16` writes to the source. Timed from the benchmark's start until the target has caught up
 * (`DEBUG DIGEST` equal); "keys" are the commands applied. The CLI is then stopped with SIGINT.
 * Compared with `command-ingest`: the same mix straight at an empty server.
 */
const liveStreamApply: Scenario = {
  name: 'live-stream-apply',
  description:
    'the CLI following a live source (sync mode) while redis-benchmark -t set,incr,lpush -P 16 writes to it: commands/s until the target caught up',
  limit: 'command-ingest',
  async run(ctx) {
    const requests = ctx.scale.name === 'full' ? 1_000_000 : 200_000;
    const commands = 3 * requests;
    const source = await ctx.startTarget();
    const target = await ctx.startTarget();
    await noFullSyncDelay(source);
    const sourceClient = source.client();
    const targetClient = target.client();
    const cli = new FollowingCli(ctx.repoRoot, source.url, target.url);
    try {
      await waitInSync(sourceClient, targetClient);
      const cpuBefore = cpuSecondsOf(cli.pid);
      const started = performance.now();
      const benchmark = await runMeasured(redisBenchmarkBin(), [
        '-h',
        source.host,
        '-p',
        String(source.port),
        '-t',
        'set,incr,lpush',
        '-n',
        String(requests),
        '-P',
        '16',
        '-q',
      ]);
      assertExitedOk('redis-benchmark', benchmark);
      const benchmarkEnded = performance.now();
      await waitCaughtUp(sourceClient, targetClient, 600_000);
      const seconds = (performance.now() - started) / 1000;
      const lagSeconds = (performance.now() - benchmarkEnded) / 1000;
      const cpuAfter = cpuSecondsOf(cli.pid);
      const peakRssBytes = peakRssOf(cli.pid);
      ctx.log(
        `live-stream-apply: redis-benchmark ${benchmark.seconds.toFixed(2)} s, target caught up ${lagSeconds.toFixed(2)} s after it`,
      );
      await cli.stop();
      await verifyEqual(source, target, 'live-stream-apply');
      return {
        seconds,
        keys: commands,
        bytes: 0,
        peakRssBytes,
        cpuSeconds: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
      };
    } finally {
      await cli.kill();
      sourceClient.disconnect();
      targetClient.disconnect();
    }
  },
};

export default liveStreamApply;
