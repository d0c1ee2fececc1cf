import type { ResultRow } from './runBench.js';
import { maxDefined, median, medianDefined, perSecond, range, ratio } from './statsUtils.js';

/** One line of the table: medians over a row's runs, and its ratio to its limit. */
export interface SummaryRow {
  name: string;
  kind: 'limit' | 'scenario';
  limit: string | null;
  runs: number;
  status: 'ok' | 'failed' | 'differs';
  error: string | null;
  medianSeconds: number | null;
  medianKeysPerSec: number | null;
  medianMBPerSec: number | null;
  minKeysPerSec: number | null;
  maxKeysPerSec: number | null;
  /** Median keys/s divided by the limit's median keys/s (1 = as fast as the limit). */
  ratioToLimit: number | null;
  peakRssBytes: number | null;
  cpuSeconds: number | null;
  targetCpuSeconds: number | null;
  /** Median PINGs the target received, where the scenario counts them (keepalive-*). */
  targetPings: number | null;
  /** End-to-end lag of a live stream (live-stream-lag): the worst over the runs, seconds. */
  lagMaxSeconds: number | null;
  lagP99Seconds: number | null;
}

export function summarize(rows: readonly ResultRow[]): SummaryRow[] {
  const summaries = rows.map(summarizeRow);
  // A scenario may be compared with another scenario (its baseline), so every row is a candidate.
  const limitRate = new Map(summaries.map((s) => [s.name, s.medianKeysPerSec]));
  for (const s of summaries) {
    if (s.kind === 'scenario' && s.limit && s.medianKeysPerSec !== null) {
      s.ratioToLimit = ratio(s.medianKeysPerSec, limitRate.get(s.limit) ?? undefined) ?? null;
    }
  }
  return summaries;
}

function summarizeRow(row: ResultRow): SummaryRow {
  const counts = row.error === undefined && row.runs.length > 0;
  const keysPerSec = row.runs.map((m) => perSecond(m.keys, m.seconds));
  const mbPerSec = row.runs.map((m) => perSecond(m.bytes / 1e6, m.seconds));
  const { min, max } = range(keysPerSec);
  return {
    name: row.name,
    kind: row.kind,
    limit: row.limit ?? null,
    runs: row.runs.length,
    status: row.error === undefined ? 'ok' : row.differs ? 'differs' : 'failed',
    error: row.error ?? null,
    medianSeconds: counts ? median(row.runs.map((m) => m.seconds)) : null,
    medianKeysPerSec: counts ? median(keysPerSec) : null,
    // rows that move no RDB (live-stream-apply) have no MB/s
    medianMBPerSec: counts && row.runs.some((m) => m.bytes > 0) ? median(mbPerSec) : null,
    minKeysPerSec: counts ? min : null,
    maxKeysPerSec: counts ? max : null,
    ratioToLimit: null,
    peakRssBytes: counts ? (maxDefined(row.runs.map((m) => m.peakRssBytes)) ?? null) : null,
    cpuSeconds: counts ? (medianDefined(row.runs.map((m) => m.cpuSeconds)) ?? null) : null,
    targetCpuSeconds: counts ? (medianDefined(row.runs.map((m) => m.targetCpuSeconds)) ?? null) : null,
    targetPings: counts ? (medianDefined(row.runs.map((m) => m.targetPings)) ?? null) : null,
    lagMaxSeconds: counts ? (maxDefined(row.runs.map((m) => m.lagSeconds?.max)) ?? null) : null,
    lagP99Seconds: counts ? (maxDefined(row.runs.map((m) => m.lagSeconds?.p99)) ?? null) : null,
  };
}

const HEADERS = [
  'scenario',
  'vs limit',
  'runs',
  'median s',
  'keys/s (median)',
  'MB/s',
  'keys/s min–max',
  'ratio',
  'peak RSS',
  'CPU s',
  'target CPU s',
  'target PINGs',
  'lag max/p99 s',
];

/** The cells of the table, one array per row, formatted for reading. */
export function tableCells(summaries: readonly SummaryRow[]): string[][] {
  return summaries.map((s) => {
    const failed = s.status !== 'ok';
    return [
      s.kind === 'limit' ? `[limit] ${s.name}` : s.name,
      s.limit ?? '',
      String(s.runs),
      failed ? (s.status === 'differs' ? 'TARGET DIFFERS' : 'FAILED') : fixed(s.medianSeconds, 2),
      failed ? '' : int(s.medianKeysPerSec),
      failed ? '' : fixed(s.medianMBPerSec, 1),
      failed ? '' : `${int(s.minKeysPerSec)}–${int(s.maxKeysPerSec)}`,
      s.ratioToLimit === null ? '' : `${s.ratioToLimit.toFixed(2)}×`,
      s.peakRssBytes === null ? '' : `${Math.round(s.peakRssBytes / 2 ** 20)} MiB`,
      fixed(s.cpuSeconds, 2),
      fixed(s.targetCpuSeconds, 2),
      fixed(s.targetPings, 0),
      s.lagMaxSeconds === null ? '' : `${fixed(s.lagMaxSeconds, 3)}/${fixed(s.lagP99Seconds, 3)}`,
    ];
  });
}

/** An aligned plain-text table. */
export function textTable(summaries: readonly SummaryRow[]): string {
  const rows = [HEADERS, ...tableCells(summaries)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i <= 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(summaries: readonly SummaryRow[]): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const align = HEADERS.map((_, i) => (i <= 1 ? '---' : '---:'));
  return [row(HEADERS), row(align), ...tableCells(summaries).map(row)].join('\n');
}

/** The lines runs add under the table (`notes` of a run), prefixed with the row and the run. */
export function runNotes(rows: readonly ResultRow[]): string[] {
  return rows.flatMap((row) =>
    row.runs.flatMap((m, i) => (m.notes ?? []).map((note) => `${row.name} run ${i + 1}: ${note}`)),
  );
}

function int(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : Math.round(value).toLocaleString('en-US');
}

function fixed(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? '' : value.toFixed(digits);
}
