import type { RunSummary } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import { progressText } from './ProgressLine.js';

const summary = (reader: Record<string, unknown>, more: Partial<RunSummary> = {}) =>
  ({
    keys: 500,
    seconds: 10,
    bytesRead: 250 * 1024 * 1024,
    reconnects: 1,
    reader: { phase: 'rdb', ...reader },
    ...more,
  }) as RunSummary;

describe('progressText', () => {
  it('shows bytes of the total, the percentage and an ETA', () => {
    expect(progressText(summary({ bytesTotal: 1000 * 1024 * 1024 }))).toBe(
      'rdb: 250.0 MiB/1000.0 MiB 25.0% ETA 30s, 500 keys (50/s), reconnects 1',
    );
  });
  it('shows the live stream: applied offset and lag', () => {
    expect(
      progressText(
        summary(
          { phase: 'stream', appliedOffset: 12345, bytesBehind: 2048, secondsBehind: 0.4 },
          { bytesRead: 4096 },
        ),
      ),
    ).toBe('stream: 4.0 KiB, 500 keys (50/s), reconnects 1, applied offset 12345, lag 2.0 KiB / 0.4s');
  });
});
