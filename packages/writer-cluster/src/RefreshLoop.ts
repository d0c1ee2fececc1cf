/**
 * When to read the cluster's slot map again: every `intervalMs`, on demand (`schedule`), at
 * most one read at a time; a demand during a read is served by one more read just after it
 * (200 ms later), as is `again()` returning true (e.g. units waiting for an owner).
 */
export class RefreshLoop {
  private running: Promise<void> | undefined;
  private wanted = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly read: () => Promise<void>,
    private readonly again: () => boolean,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.schedule(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  schedule(): void {
    if (this.stopped) return;
    if (this.running) this.wanted = true;
    else void this.now();
  }

  /** Reads now (or joins the read under way); never rejects. */
  now(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.read();
      } finally {
        this.running = undefined;
      }
      if (this.wanted || this.again()) {
        this.wanted = false;
        setTimeout(() => this.schedule(), 200).unref();
      }
    })();
    return this.running;
  }
}
