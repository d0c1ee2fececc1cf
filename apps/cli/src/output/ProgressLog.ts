import type { Logger, StatusBoard } from '@redis-shuttle/core';

/** Off a TTY: one JSON log line with the run's progress every few seconds. */
export class ProgressLog {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly status: StatusBoard,
    private readonly logger: Logger,
    private readonly everyMs = 5000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      const s = this.status.snapshot();
      this.logger.info(
        {
          phase: s.reader.phase,
          bytesRead: s.bytesRead,
          bytesTotal: s.reader.bytesTotal,
          keys: s.keys,
          reconnects: s.reconnects,
          pingsSent: s.pingsSent,
          connections: s.connections.map((c) => ({
            id: c.id,
            state: c.state,
            idleMs: c.idleMs,
            inFlight: c.inFlight,
          })),
        },
        'progress',
      );
    }, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
