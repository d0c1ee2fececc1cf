import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from './datasetCache.js';
import { describeMachine, type MachineInfo } from './machineInfo.js';
import { markdownTable, runNotes, type SummaryRow } from './reportUtils.js';
import type { ResultRow } from './runBench.js';

export interface BenchReport {
  finishedAt: string;
  scale: string;
  runsPerItem: number;
  machine: MachineInfo;
  dataset: Omit<Dataset, 'rdbPath'>;
  timings: { totalSeconds: number; generationSeconds: number | null; restoreFileSeconds: number | null };
  /** 1-minute load average when the bench ended. */
  loadAverageAtEnd: number;
  summary: SummaryRow[];
  runs: ResultRow[];
}

/** Writes `latest.json` and `latest.md` to `<repo>/bench/results/`; returns the directory. */
export function writeResults(repoRoot: string, report: BenchReport): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), markdownReport(report));
  return dir;
}

export function datasetLine(d: Omit<Dataset, 'rdbPath'>): string {
  const dbs = Object.entries(d.keysPerDb)
    .map(([db, n]) => `db${db} ${n.toLocaleString('en-US')}`)
    .join(', ');
  const types = Object.entries(d.types)
    .map(([type, n]) => `${type} ${n.toLocaleString('en-US')}`)
    .join(', ');
  return (
    `${d.keys.toLocaleString('en-US')} keys (${dbs}; ${types}; ${d.largeKeys.toLocaleString('en-US')} large, ` +
    `${d.keysWithTtl.toLocaleString('en-US')} with a TTL), RDB ${(d.rdbBytes / 1e6).toFixed(1)} MB, ` +
    `dataset v${d.version} seed ${d.seed}`
  );
}

function markdownReport(r: BenchReport): string {
  const t = r.timings;
  return [
    `# Benchmark: ${r.scale} scale`,
    '',
    `- finished: ${r.finishedAt}`,
    `- machine: ${describeMachine(r.machine)}`,
    `- dataset: ${datasetLine(r.dataset)}`,
    `- load average at the end: ${r.loadAverageAtEnd} (above ${r.machine.cores}, other work competed for the CPU)`,
    `- runs per scenario: ${r.runsPerItem}`,
    `- total ${t.totalSeconds.toFixed(1)} s` +
      (t.generationSeconds === null
        ? ' (dataset cached)'
        : ` (dataset generated in ${t.generationSeconds.toFixed(1)} s)`) +
      (t.restoreFileSeconds === null ? '' : `, RESTORE file built in ${t.restoreFileSeconds.toFixed(1)} s`),
    '',
    markdownTable(r.summary),
    '',
    ...runNotes(r.runs).map((note) => `- ${note}`),
    ...(runNotes(r.runs).length > 0 ? [''] : []),
    "MB/s is megabytes of the dataset's RDB per second on every row. ratio = median keys/s ÷ the median keys/s of",
    'the limit named in "vs limit". Peak RSS and CPU s are of our process (redis-server itself on the rdb-load row,',
    "redis-cli on the restore-pipe row); target CPU s is the target redis-server's during the run.",
    'lag max/p99 s: end-to-end lag of the command stream (markers written to the source, read on the target) at the',
    'rate the row reports (live-stream-lag: the highest source rate whose largest lag stayed under 1 s).',
    '',
  ].join('\n');
}
