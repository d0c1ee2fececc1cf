/** The `p`-th percentile (0–100) of the values, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Lag figures of a set of samples, in seconds. */
export interface LagStats {
  max: number;
  p50: number;
  p99: number;
  samples: number;
}

export function lagStats(lagSeconds: readonly number[]): LagStats {
  return {
    max: lagSeconds.length > 0 ? Math.max(...lagSeconds) : Number.NaN,
    p50: percentile(lagSeconds, 50),
    p99: percentile(lagSeconds, 99),
    samples: lagSeconds.length,
  };
}

/**
 * End-to-end lag of a replicated stream, measured with markers: marker `n` (1, 2, 3, …) is
 * written to the source at a time the bench remembers, and the target is polled for the newest
 * marker there. The stream keeps the source's order, so when a poll finds marker `n`, every
 * marker up to `n` has arrived by then: each gets one sample, poll time − write time (an upper
 * bound, by at most the poll interval; a marker overwritten before a poll saw it still counts).
 * Times in milliseconds from any one clock.
 */
export class MarkerLog {
  private readonly writtenAt: number[] = [];
  private readonly lagMs: number[] = [];
  private arrived = 0;

  /** Records the write of the next marker at `at`; returns its number. */
  wrote(at: number): number {
    this.writtenAt.push(at);
    return this.writtenAt.length;
  }

  /** A poll of the target, answered at `at`, found marker `n` (0 or an unknown number: none yet). */
  seen(n: number, at: number): void {
    const newest = Math.min(Math.trunc(n), this.writtenAt.length);
    for (let i = this.arrived; i < newest; i++) this.lagMs[i] = at - this.writtenAt[i]!;
    if (newest > this.arrived) this.arrived = newest;
  }

  /** The number of the last marker written (0 before the first). */
  get newestWritten(): number {
    return this.writtenAt.length;
  }

  /** The number of the newest marker that has arrived (0 before the first). */
  get newestArrived(): number {
    return this.arrived;
  }

  /**
   * Lag of markers `from`..`to` (inclusive), in seconds. A marker that has not arrived counts as
   * its age at `now` (a lower bound of its lag), so a stream that never caught up still shows.
   */
  lagSeconds(from: number, to: number, now: number): number[] {
    const out: number[] = [];
    for (let n = Math.max(1, from); n <= Math.min(to, this.writtenAt.length); n++) {
      const lag = n <= this.arrived ? this.lagMs[n - 1]! : now - this.writtenAt[n - 1]!;
      out.push(lag / 1000);
    }
    return out;
  }
}

/** The calls of the given commands (lower case: `set`, `incr`) in `INFO commandstats`, summed. */
export function commandCalls(commandstats: Record<string, string>, commands: readonly string[]): number {
  let calls = 0;
  for (const command of commands) {
    const match = /(?:^|,)calls=(\d+)/.exec(commandstats[`cmdstat_${command}`] ?? '');
    if (match) calls += Number(match[1]);
  }
  return calls;
}

/** One step of source load: its rate as the source measured it, and the lag meanwhile. */
export interface LoadStep {
  clients: number;
  pipeline: number;
  /** Wall time of the load. */
  seconds: number;
  /** Load commands the source executed during the step. */
  commands: number;
  /** commands ÷ seconds. */
  rate: number;
  /** End-to-end lag of the markers written from the start of the load until it was over. */
  lag: LagStats;
  /** Our own status (`secondsBehind` of GET /status), the largest seen during the step. */
  statusSecondsBehind?: number;
}

/** The step with the highest source rate whose largest lag stayed under `maxLagSeconds`. */
export function highestAbsorbed(steps: readonly LoadStep[], maxLagSeconds: number): LoadStep | undefined {
  let best: LoadStep | undefined;
  for (const step of steps) {
    if (!(step.lag.max < maxLagSeconds)) continue;
    if (!best || step.rate > best.rate) best = step;
  }
  return best;
}

/** `-c 4 -P 16: 612,000 commands/s, lag max 0.21 s, p99 0.15 s (30 markers)`. */
export function describeStep(step: LoadStep): string {
  const rate = Math.round(step.rate).toLocaleString('en-US');
  const status =
    step.statusSecondsBehind === undefined ? '' : `; status secondsBehind max ${step.statusSecondsBehind} s`;
  return (
    `-c ${step.clients} -P ${step.pipeline}: ${rate} commands/s for ${step.seconds.toFixed(1)} s, ` +
    `lag max ${step.lag.max.toFixed(3)} s, p99 ${step.lag.p99.toFixed(3)} s, median ${step.lag.p50.toFixed(3)} s ` +
    `(${step.lag.samples} markers)${status}`
  );
}
