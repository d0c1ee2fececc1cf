/**
 * Paces commands to at most `opsPerSecond` (0 = unlimited): `take(n)` resolves when n more
 * commands may be sent. A batch larger than a second's worth simply waits longer.
 */
export class RateLimiter {
  private nextFreeMs = 0;

  constructor(private readonly opsPerSecond: number) {}

  async take(ops: number, signal?: AbortSignal): Promise<void> {
    if (this.opsPerSecond <= 0 || ops <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextFreeMs);
    this.nextFreeMs = start + (ops * 1000) / this.opsPerSecond;
    const wait = start - now;
    if (wait <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
