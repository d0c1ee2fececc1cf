/** Counts by db, type and encoding, and the biggest keys, for `rdb --format summary`. */
export class RdbSummary {
  private readonly counts = new Map<string, number>();
  private readonly bySize: Array<{ db: number; key: string; size: number; elements: number }> = [];
  private keys = 0;
  private expires = 0;
  private bytes = 0;
  header = '';

  add(
    db: number,
    key: string,
    type: string,
    encoding: string,
    size: number,
    elements: number,
    expires: boolean,
  ): void {
    this.keys++;
    if (expires) this.expires++;
    this.bytes += size;
    const id = `db${db}\t${type}\t${encoding}`;
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    this.bySize.push({ db, key, size, elements });
    if (this.bySize.length > 200) this.trim();
  }

  private trim(): void {
    const bySize = [...this.bySize].sort((a, b) => b.size - a.size).slice(0, 10);
    const byElements = [...this.bySize].sort((a, b) => b.elements - a.elements).slice(0, 10);
    this.bySize.length = 0;
    this.bySize.push(...new Set([...bySize, ...byElements]));
  }

  format(): string {
    this.trim();
    const lines = [
      this.header,
      `${this.keys} keys (${this.expires} with a TTL), ${this.bytes} bytes of values`,
      '',
      'db\ttype\tencoding\tkeys',
    ];
    for (const [id, n] of [...this.counts].sort()) lines.push(`${id}\t${n}`);
    lines.push('', 'biggest keys by serialized size:');
    for (const k of [...this.bySize].sort((a, b) => b.size - a.size).slice(0, 10))
      lines.push(`  db${k.db} ${k.key}: ${k.size} bytes, ${k.elements} elements`);
    lines.push('', 'biggest keys by element count:');
    for (const k of [...this.bySize].sort((a, b) => b.elements - a.elements).slice(0, 10))
      lines.push(`  db${k.db} ${k.key}: ${k.elements} elements, ${k.size} bytes`);
    return `${lines.join('\n')}\n`;
  }
}
