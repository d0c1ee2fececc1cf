import type { RedisServer } from '@redis-shuttle/testkit';
import type { Dataset } from './datasetCache.js';
import type { ScaleSpec } from './scales.js';

/** The physical limits scenarios are measured against (one file each in `src/limits/`). */
export type LimitName =
  | 'rdb-load'
  | 'restore-pipe'
  | 'restore-pipe-cluster'
  | 'rdb-fetch-then-restore'
  | 'command-ingest';

/** What one run of a scenario or limit measured. */
export interface RunMeasurement {
  /** Wall time of the measured work (not of setup or verification). */
  seconds: number;
  /** Keys moved or parsed. */
  keys: number;
  /** Bytes of the dataset moved or parsed: the RDB's size, so MB/s compares across rows. */
  bytes: number;
  /** Peak RSS of our process (the parser, the CLI, redis-cli; redis-server for rdb-load). */
  peakRssBytes?: number;
  /** User + system CPU seconds of our process. */
  cpuSeconds?: number;
  /** User + system CPU seconds the target redis-server spent during the run. */
  targetCpuSeconds?: number;
  /** PINGs the target received during the run (`INFO commandstats`), where a scenario counts them. */
  targetPings?: number;
  /**
   * End-to-end lag of a live command stream (live-stream-lag), seconds: the largest and the 99th
   * percentile of marker writes on the source until they were read on the target.
   */
  lagSeconds?: { max: number; p99: number };
  /** Lines the run adds under the table (live-stream-lag: every load step, the lag at full load). */
  notes?: string[];
}

/** A measured limit: how fast Redis itself can do the job. */
export interface Limit {
  name: LimitName;
  description: string;
  run(ctx: BenchContext): Promise<RunMeasurement>;
}

/**
 * A scenario: one way of moving (or reading) the dataset with redis-shuttle. A file in
 * `src/scenarios/` that default-exports one of these is picked up by the registry.
 */
export interface Scenario {
  name: string;
  description: string;
  /**
   * What its speed is divided by in the table: a limit, or another scenario used as the baseline
   * (`keepalive-ping` vs `keepalive-none`). None when nothing measures the same thing.
   */
  limit?: LimitName | (string & {});
  run(ctx: BenchContext): Promise<RunMeasurement>;
}

export interface BenchContext {
  scale: ScaleSpec;
  repoRoot: string;
  dataset: Dataset;
  /** A server loaded from the dataset's RDB: what every target is compared with. Do not write to it. */
  source: RedisServer;
  /** 1-based number of the current run. */
  run: number;
  /** The cached RESP file of RESTORE commands for the dataset (built on first use). */
  restoreFile(): Promise<{ path: string; bytes: number }>;
  /** A fresh, empty redis-server, stopped after the run. */
  startTarget(): Promise<RedisServer>;
  /** Throws VerificationError unless `target` equals the source (values, types, TTLs, key counts). */
  verify(target: RedisServer, what: string): Promise<void>;
  log(message: string): void;
}
