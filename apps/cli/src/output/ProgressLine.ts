import type { RunSummary, StatusBoard } from '@redis-shuttle/core';
import { formatBytes } from './summaryFormat.js';

/** A one-line live progress display on a TTY (standard error), redrawn every second. */
export class ProgressLine {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly status: StatusBoard,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  start(): void {
    if (!this.out.isTTY) return;
    this.timer = setInterval(() => this.draw(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.out.write('\r\x1b[K');
  }

  private draw(): void {
    const s = this.status.snapshot();
    const conns = s.connections
      .map(
        (c) =>
          `${c.id} ${c.state} idle ${Math.round(c.idleMs / 1000)}s` +
          (c.keepalive.length
            ? ` keepalive ${c.keepalive.join('+')} pings ${c.pingsSent}`
            : ' keepalive none'),
      )
      .join(', ');
    this.out.write(`\r\x1b[K${progressText(s)} | ${conns}`);
  }
}

/** The phase's progress: bytes (of the total, with an ETA, when known), keys and rate, and the live stream's lag. */
export function progressText(s: RunSummary): string {
  const total = s.reader.bytesTotal;
  const rate = s.seconds > 0 ? Math.round(s.keys / s.seconds) : 0;
  let text = `${s.reader.phase}: ${formatBytes(s.bytesRead)}`;
  if (total) {
    text += `/${formatBytes(total)} ${((100 * s.bytesRead) / total).toFixed(1)}%`;
    const bytesPerSecond = s.seconds > 0 ? s.bytesRead / s.seconds : 0;
    if (bytesPerSecond > 0 && s.bytesRead < total)
      text += ` ETA ${formatDuration((total - s.bytesRead) / bytesPerSecond)}`;
  }
  text += `, ${s.keys} keys (${rate}/s), reconnects ${s.reconnects}`;
  const live = s.reader as { appliedOffset?: number; bytesBehind?: number; secondsBehind?: number };
  if (live.appliedOffset !== undefined && live.appliedOffset >= 0) {
    text += `, applied offset ${live.appliedOffset}, lag ${formatBytes(Math.max(0, live.bytesBehind ?? 0))} / ${(live.secondsBehind ?? 0).toFixed(1)}s`;
  }
  return text;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600)
    return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}
