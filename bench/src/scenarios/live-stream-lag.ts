import { freePort, type RedisServer, waitFor } from '@redis-shuttle/testkit';
import { BenchError } from '../BenchError.js';
import { FULL_LOAD, type LoadLevel, runLoad } from '../benchmarkLoad.js';
import { noFullSyncDelay } from '../cliUtils.js';
import { verifyEqual } from '../clusterUtils.js';
import { FollowingCli, waitCaughtUp, waitInSync } from '../followingCli.js';
import { describeStep, highestAbsorbed, type LoadStep, lagStats, MarkerLog } from '../lagUtils.js';
import { cpuSecondsOf, peakRssOf } from '../procUtils.js';
import type { BenchContext, Scenario } from '../types.js';

/** The lag the issue allows at the highest source rate the target absorbs. */
const MAX_LAG_SECONDS = 1;
/** Source load levels, gentlest first (their rates on an idle 2-core machine: ~25k to ~700k commands/s). */
const LADDER: LoadLevel[] = [
  { clients: 1, pipeline: 1 },
  { clients: 1, pipeline: 4 },
  { clients: 2, pipeline: 4 },
  { clients: 2, pipeline: 8 },
  { clients: 4, pipeline: 8 },
  { clients: 4, pipeline: 16 },
];
const MARKER_KEY = 'bench:lag';
const MARKER_EVERY_MS = 100;
const POLL_EVERY_MS = 10;
const STATUS_EVERY_MS = 200;
const CATCH_UP_TIMEOUT_MS = 180_000;

/**
 * How far behind the target is while the source is under load, measured end to end: `migrate
 * redis://<source> <target>` (sync mode) follows a live source; the bench writes `SET bench:lag <n>`
 * to the source every 100 ms and polls the target every 10 ms for the newest marker there (lag =
 * time read on the target − time written). The source is loaded by `redis-benchmark -t
 * set,incr,lpush` at increasing levels (-c/-P: redis-benchmark has no rate option), each for a few
 * seconds, its rate counted by the source (`INFO commandstats`), until a step's largest lag reaches
 * 1 s; then one step at full load (-c 50 -P 16). The figure is the highest source rate whose
 * largest lag stayed under 1 s ("keys" are the source's commands in that step), compared with
 * `command-ingest` (the same mix straight at an empty server); the lag at full load is a note, and
 * so is the source's rate at full load with a redis-server replica instead (Redis's own
 * replication, for comparison). The first step starts right after the full sync, so a late start
 * of the command stream shows there.
 */
const liveStreamLag: Scenario = {
  name: 'live-stream-lag',
  description:
    'end-to-end lag (markers) of the CLI following a live source under redis-benchmark -t set,incr,lpush at rising -c/-P: the highest source rate with lag under 1 s',
  limit: 'command-ingest',
  async run(ctx) {
    const stepSeconds = ctx.scale.name === 'full' ? 8 : 3;
    const nativeRate = await fullLoadWithNativeReplica(ctx, stepSeconds);
    const source = await ctx.startTarget();
    const target = await ctx.startTarget();
    await noFullSyncDelay(source);
    const sourceClient = source.client();
    const targetClient = target.client();
    const statusPort = await freePort('127.0.0.1');
    const cli = new FollowingCli(ctx.repoRoot, source.url, target.url, ['--status-port', String(statusPort)]);
    const probes = new Probes(sourceClient, targetClient, statusPort);
    try {
      await waitInSync(sourceClient, targetClient);
      const cpuBefore = cpuSecondsOf(cli.pid);
      const targetCpuBefore = cpuSecondsOf(target.pid);
      probes.start();
      const steps: LoadStep[] = [];
      for (const level of [...LADDER, FULL_LOAD]) {
        const full = level === FULL_LOAD;
        if (!full && steps.some((step) => !(step.lag.max < MAX_LAG_SECONDS))) continue;
        const step = await probes.step(source, level, stepSeconds);
        steps.push(step);
        ctx.log(`live-stream-lag: ${full ? 'full load ' : ''}${describeStep(step)}`);
      }
      await probes.stop();
      const cpuAfter = cpuSecondsOf(cli.pid);
      const targetCpuAfter = cpuSecondsOf(target.pid);
      const peakRssBytes = peakRssOf(cli.pid);
      await waitCaughtUp(sourceClient, targetClient, CATCH_UP_TIMEOUT_MS);
      await cli.stop();
      await verifyEqual(source, target, 'live-stream-lag');

      const best = highestAbsorbed(steps, MAX_LAG_SECONDS);
      const fullLoad = steps[steps.length - 1]!;
      const reported = best ?? steps[0]!;
      const notes = [
        best
          ? `highest source rate with lag under ${MAX_LAG_SECONDS} s: ${describeStep(best)}` +
            (best === fullLoad
              ? ' (every step kept its lag under 1 s, full load included: the rate is the most the source itself took here)'
              : '')
          : `no load step kept the lag under ${MAX_LAG_SECONDS} s`,
        `at full load ${describeStep(fullLoad)}`,
        `for comparison, full load with a redis-server replica instead of redis-shuttle: ${Math.round(nativeRate).toLocaleString('en-US')} commands/s on the source (redis-shuttle's full-load step: ${(fullLoad.rate / nativeRate).toFixed(2)}× of that)`,
        ...steps.map((step, i) => `step ${i + 1}: ${describeStep(step)}`),
      ];
      ctx.log(`live-stream-lag: ${notes[0]}`);
      return {
        seconds: reported.seconds,
        keys: best ? best.commands : 0,
        bytes: 0,
        peakRssBytes,
        cpuSeconds: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
        targetCpuSeconds:
          targetCpuBefore !== undefined && targetCpuAfter !== undefined
            ? targetCpuAfter - targetCpuBefore
            : undefined,
        lagSeconds: { max: reported.lag.max, p99: reported.lag.p99 },
        notes,
      };
    } finally {
      await probes.stop();
      await cli.kill();
      sourceClient.disconnect();
      targetClient.disconnect();
    }
  },
};

/**
 * For comparison: the source's rate at full load when Redis's own replication follows it (a
 * redis-server replica) instead of redis-shuttle, on a fresh pair of servers stopped afterwards.
 */
async function fullLoadWithNativeReplica(ctx: BenchContext, seconds: number): Promise<number> {
  const [master, replica] = await Promise.all([ctx.startTarget(), ctx.startTarget()]);
  try {
    await noFullSyncDelay(master);
    await replica.client().call('REPLICAOF', master.host, String(master.port));
    await waitFor(async () => (await replica.info('replication')).master_link_status === 'up', {
      timeoutMs: 60_000,
      message: 'the redis-server replica to be in sync',
    });
    const load = await runLoad(master, FULL_LOAD, seconds);
    ctx.log(
      `live-stream-lag: full load with a redis-server replica: ${Math.round(load.rate).toLocaleString('en-US')} commands/s on the source`,
    );
    return load.rate;
  } finally {
    await Promise.all([master.stop(), replica.stop()]);
  }
}

/** `BENCH_CLI_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`: Node options for the CLI (profiling). */
type Client = ReturnType<RedisServer['client']>;

/**
 * The bench's probes while the load runs: the marker writer (every 100 ms), the target poller
 * (every 10 ms) and our own status (`reader.secondsBehind` of GET /status, every 200 ms).
 */
class Probes {
  readonly markers = new MarkerLog();
  private running = false;
  private timers: NodeJS.Timeout[] = [];
  private polling: Promise<void> | undefined;
  private failure: Error | undefined;
  private status: Array<{ at: number; secondsBehind: number }> = [];

  constructor(
    private readonly source: Client,
    private readonly target: Client,
    private readonly statusPort: number,
  ) {}

  start(): void {
    this.running = true;
    this.timers.push(setInterval(() => this.writeMarker(), MARKER_EVERY_MS));
    this.timers.push(setInterval(() => void this.pollStatus(), STATUS_EVERY_MS));
    this.polling = this.pollTarget();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.polling;
  }

  /** One load step: its rate on the source, then the lag of every marker until the target caught up. */
  async step(source: RedisServer, level: LoadLevel, seconds: number): Promise<LoadStep> {
    const first = this.markers.newestWritten + 1;
    const started = performance.now();
    const load = await runLoad(source, level, seconds, () => this.markers.newestWritten);
    // The load is over: a marker written now arrives after everything the load wrote.
    const last = this.writeMarker();
    await waitFor(
      () => {
        if (this.failure) throw this.failure;
        return this.markers.newestArrived >= last;
      },
      {
        timeoutMs: CATCH_UP_TIMEOUT_MS,
        intervalMs: 20,
        message: `the target to catch up after -c ${level.clients} -P ${level.pipeline}`,
      },
    );
    if (this.failure) throw this.failure;
    const ended = performance.now();
    const behind = this.status.filter((s) => s.at >= started && s.at <= ended).map((s) => s.secondsBehind);
    return {
      ...level,
      seconds: load.seconds,
      commands: load.commands,
      rate: load.rate,
      lag: lagStats(this.markers.lagSeconds(first, last, ended)),
      ...(behind.length > 0 ? { statusSecondsBehind: Math.max(...behind) } : {}),
    };
  }

  private writeMarker(): number {
    const n = this.markers.wrote(performance.now());
    this.source.set(MARKER_KEY, String(n)).catch((error: Error) => {
      this.failure ??= new BenchError(`writing the lag marker to the source failed: ${error.message}`);
    });
    return n;
  }

  private async pollTarget(): Promise<void> {
    while (this.running) {
      try {
        const value = await this.target.get(MARKER_KEY);
        this.markers.seen(Number(value ?? 0), performance.now());
      } catch (error) {
        this.failure ??= new BenchError(
          `polling the target for the lag marker failed: ${(error as Error).message}`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
  }

  private async pollStatus(): Promise<void> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.statusPort}/status`);
      const body = (await response.json()) as { reader?: { secondsBehind?: number } };
      const secondsBehind = body.reader?.secondsBehind;
      if (typeof secondsBehind === 'number') this.status.push({ at: performance.now(), secondsBehind });
    } catch {
      // the status is a cross-check only
    }
  }
}

export default liveStreamLag;
