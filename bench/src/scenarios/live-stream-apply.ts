import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { waitFor } from '@redis-shuttle/testkit';
import { BenchError } from '../BenchError.js';
import { redisBenchmarkBin } from '../benchmarkLoad.js';
import { noFullSyncDelay } from '../cliUtils.js';
import { verifyEqual } from '../clusterUtils.js';
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
    const bin = join(ctx.repoRoot, 'apps', 'cli', 'dist', 'bin.js');
    const cli = spawn(process.execPath, [bin, 'migrate', source.url, target.url, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-100_000);
    };
    cli.stdout.on('data', keep);
    cli.stderr.on('data', keep);
    const exited = once(cli, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      // In sync: a marker written to the source has reached the target.
      await sourceClient.set('bench:marker', '1');
      await waitFor(async () => (await targetClient.get('bench:marker')) === '1', { timeoutMs: 60_000 });
      const cpuBefore = cpuSecondsOf(cli.pid!);
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
      const digest = async (client: typeof sourceClient) => String(await client.call('DEBUG', 'DIGEST'));
      const wanted = await digest(sourceClient);
      await waitFor(async () => (await digest(targetClient)) === wanted, {
        timeoutMs: 600_000,
        intervalMs: 20,
      });
      const seconds = (performance.now() - started) / 1000;
      const lagSeconds = (performance.now() - benchmarkEnded) / 1000;
      const cpuAfter = cpuSecondsOf(cli.pid!);
      const peakRssBytes = peakRssOf(cli.pid!);
      ctx.log(
        `live-stream-apply: redis-benchmark ${benchmark.seconds.toFixed(2)} s, target caught up ${lagSeconds.toFixed(2)} s after it`,
      );
      cli.kill('SIGINT');
      const [code, signal] = await exited;
      if (code !== 0)
        throw new BenchError(
          `redis-shuttle migrate exited with ${code ?? signal} after SIGINT:\n${output.slice(-2000)}`,
        );
      await verifyEqual(source, target, 'live-stream-apply');
      return {
        seconds,
        keys: commands,
        bytes: 0,
        peakRssBytes,
        cpuSeconds: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
      };
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) {
        cli.kill('SIGKILL');
        await exited;
      }
      sourceClient.disconnect();
      targetClient.disconnect();
    }
  },
};

export default liveStreamApply;
