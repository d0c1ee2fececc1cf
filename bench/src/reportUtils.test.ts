import { describe, expect, it } from 'vitest';
import { markdownTable, runNotes, summarize, textTable } from './reportUtils.js';
import type { ResultRow } from './runBench.js';

const rows: ResultRow[] = [
  {
    name: 'restore-pipe',
    kind: 'limit',
    description: '',
    runs: [
      { seconds: 2, keys: 1000, bytes: 4e6, peakRssBytes: 10 << 20, cpuSeconds: 1, targetCpuSeconds: 2 },
      { seconds: 1, keys: 1000, bytes: 4e6, peakRssBytes: 12 << 20, cpuSeconds: 3, targetCpuSeconds: 4 },
      { seconds: 4, keys: 1000, bytes: 4e6 },
    ],
  },
  {
    name: 'migrate',
    kind: 'scenario',
    limit: 'restore-pipe',
    description: '',
    runs: [
      { seconds: 4, keys: 1000, bytes: 4e6 },
      { seconds: 8, keys: 1000, bytes: 4e6 },
    ],
  },
  {
    name: 'broken',
    kind: 'scenario',
    limit: 'restore-pipe',
    description: '',
    runs: [],
    error: 'x',
    differs: true,
  },
];

describe('summarize', () => {
  it('takes medians, min–max, the largest peak RSS, and the ratio to the limit', () => {
    const [limit, scenario, broken] = summarize(rows);
    expect(limit!.medianKeysPerSec).toBe(500);
    expect(limit!.minKeysPerSec).toBe(250);
    expect(limit!.maxKeysPerSec).toBe(1000);
    expect(limit!.medianMBPerSec).toBe(2);
    expect(limit!.peakRssBytes).toBe(12 << 20);
    expect(limit!.cpuSeconds).toBe(2);
    expect(limit!.ratioToLimit).toBeNull();
    expect(scenario!.medianKeysPerSec).toBe(187.5);
    expect(scenario!.ratioToLimit).toBeCloseTo(0.375);
    expect(broken!.status).toBe('differs');
    expect(broken!.medianKeysPerSec).toBeNull();
  });

  it('divides by a baseline scenario, and takes the median of the PINGs counted', () => {
    const baseline: ResultRow = {
      name: 'with-keepalive',
      kind: 'scenario',
      limit: 'migrate',
      description: '',
      runs: [
        { seconds: 5, keys: 1000, bytes: 4e6, targetPings: 2 },
        { seconds: 5, keys: 1000, bytes: 4e6, targetPings: 4 },
      ],
    };
    const summary = summarize([...rows, baseline]);
    expect(summary[3]!.ratioToLimit).toBeCloseTo(200 / 187.5);
    expect(summary[3]!.targetPings).toBe(3);
    expect(summary[1]!.targetPings).toBeNull();
  });

  it('shows the worst lag over the runs, and the notes of each run', () => {
    const lag: ResultRow = {
      name: 'live-stream-lag',
      kind: 'scenario',
      limit: 'restore-pipe',
      description: '',
      runs: [
        { seconds: 3, keys: 3000, bytes: 0, lagSeconds: { max: 0.2, p99: 0.15 }, notes: ['at full load x'] },
        { seconds: 3, keys: 6000, bytes: 0, lagSeconds: { max: 0.4, p99: 0.1 } },
      ],
    };
    const summary = summarize([...rows, lag]);
    expect(summary[3]).toMatchObject({ lagMaxSeconds: 0.4, lagP99Seconds: 0.15, medianMBPerSec: null });
    expect(summary[0]!.lagMaxSeconds).toBeNull();
    const text = textTable(summary).split('\n');
    expect(text[0]).toContain('lag max/p99 s');
    expect(text[5]).toMatch(/0\.400\/0\.150$/);
    expect(runNotes([...rows, lag])).toEqual(['live-stream-lag run 1: at full load x']);
  });

  it('formats a text and a Markdown table with every row', () => {
    const summary = summarize(rows);
    const text = textTable(summary);
    expect(text).toContain('[limit] restore-pipe');
    expect(text).toContain('0.38×');
    expect(text).toContain('TARGET DIFFERS');
    const md = markdownTable(summary).split('\n');
    expect(md).toHaveLength(2 + rows.length);
    expect(md[2]).toMatch(/^\| \[limit\] restore-pipe \|/);
  });
});
