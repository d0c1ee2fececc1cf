import { RedisServer } from '@redis-shuttle/testkit';
import { VerificationError } from './BenchError.js';
import type { BenchContext, Limit, RunMeasurement, Scenario } from './types.js';
import { OWN_SESSION } from './serverUtils.js';

/** The runs of one limit or scenario; `error` set when one failed (its figures then do not count). */
export interface ResultRow {
  name: string;
  kind: 'limit' | 'scenario';
  /** For a scenario: the limit (or baseline scenario) it is compared with. */
  limit?: string;
  description: string;
  runs: RunMeasurement[];
  error?: string;
  /** The failure was a target that differs from the source. */
  differs?: boolean;
}

export type ContextBase = Omit<BenchContext, 'run' | 'startTarget'>;

/** Runs the limits and scenarios `runs` times each; a failed run stops that item and is recorded. */
export async function runBench(
  items: { limits: Limit[]; scenarios: Scenario[] },
  base: ContextBase,
  runs: number,
): Promise<ResultRow[]> {
  const all = [
    ...items.limits.map((item) => ({ item, row: newRow(item, 'limit') })),
    ...items.scenarios.map((item) => ({ item, row: { ...newRow(item, 'scenario'), limit: item.limit } })),
  ];
  // Round robin (every item's run 1, then every item's run 2, ...): a burst of load from elsewhere
  // on the machine then spreads over all rows instead of skewing one of them.
  for (let run = 1; run <= runs; run++) {
    for (const { item, row } of all) {
      if (row.error === undefined) await runOnce(item, row, base, run, runs);
    }
  }
  return all.map(({ row }) => row);
}

async function runOnce(
  item: Limit | Scenario,
  row: ResultRow,
  base: ContextBase,
  run: number,
  runs: number,
): Promise<void> {
  const targets: RedisServer[] = [];
  const ctx: BenchContext = {
    ...base,
    run,
    startTarget: async () => {
      const target = await RedisServer.start({ ...OWN_SESSION, startTimeoutMs: 120_000 });
      targets.push(target);
      return target;
    },
  };
  try {
    const measured = await item.run(ctx);
    row.runs.push(measured);
    base.log(`${item.name} ${run}/${runs}: ${describe(measured)}`);
  } catch (error) {
    row.error = error instanceof Error ? error.message : String(error);
    row.differs = error instanceof VerificationError;
    base.log(`${item.name} ${run}/${runs} FAILED: ${row.error}`);
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}

function newRow(item: Limit | Scenario, kind: 'limit' | 'scenario'): ResultRow {
  return { name: item.name, kind, description: item.description, runs: [] };
}

function describe(m: RunMeasurement): string {
  const rate = Math.round(m.keys / m.seconds).toLocaleString('en-US');
  return `${m.seconds.toFixed(2)} s, ${rate} keys/s`;
}
