/** Collects difference lines, keeping the first `max` and counting the rest. */
export class DifferenceReport {
  count = 0;
  private readonly kept: string[] = [];

  constructor(private readonly max: number) {}

  add(line: string): void {
    this.count++;
    if (this.kept.length < this.max) this.kept.push(line);
  }

  lines(): string[] {
    const more = this.count - this.kept.length;
    return more > 0 ? [...this.kept, `… and ${more} more differences`] : [...this.kept];
  }
}
