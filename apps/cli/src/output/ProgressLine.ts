import type { StatusBoard } from '@redis-shuttle/core';
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
    const total = s.reader.bytesTotal;
    const pct = total ? ` ${((100 * s.bytesRead) / total).toFixed(1)}%` : '';
    const rate = s.seconds > 0 ? Math.round(s.keys / s.seconds) : 0;
    const conns = s.connections
      .map(
        (c) =>
          `${c.id} ${c.state} idle ${Math.round(c.idleMs / 1000)}s` +
          (c.keepalive.length
            ? ` keepalive ${c.keepalive.join('+')} pings ${c.pingsSent}`
            : ' keepalive none'),
      )
      .join(', ');
    this.out.write(
      `\r\x1b[K${s.reader.phase}: ${formatBytes(s.bytesRead)}${total ? `/${formatBytes(total)}` : ''}${pct}, ${s.keys} keys (${rate}/s), reconnects ${s.reconnects} | ${conns}`,
    );
  }
}
