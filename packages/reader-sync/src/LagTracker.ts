/**
 * Remembers when the replication link had received how much (one sample a second, for the
 * last hour), to tell how long ago the oldest byte not yet handed to the pipeline arrived.
 */
export class LagTracker {
  private readonly samples: Array<{ offset: number; at: number }> = [];

  sample(receivedOffset: number, now = Date.now()): void {
    this.samples.push({ offset: receivedOffset, at: now });
    if (this.samples.length > 3600) this.samples.shift();
  }

  secondsBehind(yieldedOffset: number, receivedOffset: number, now = Date.now()): number {
    if (yieldedOffset >= receivedOffset) return 0;
    // Drop samples the consumer is past, keeping the last one it is not.
    while (this.samples.length > 1 && this.samples[1]!.offset <= yieldedOffset) this.samples.shift();
    const first = this.samples.find((s) => s.offset > yieldedOffset);
    return first ? Math.max(0, (now - first.at) / 1000) : 0;
  }
}
