import type { DecodedChunk, StreamMeta } from '@redis-shuttle/rdb-parser';

/** Bytes as JSON: a string when they are printable UTF-8, else `{ "base64": ... }` (binary-safe). */
export function bytesJson(b: Buffer): string | { base64: string } {
  const text = b.toString('utf8');
  if (
    Buffer.byteLength(text) === b.length &&
    !text.includes('\uFFFD') &&
    !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)
  )
    return text;
  return { base64: b.toString('base64') };
}

/** A double as JSON: a number, or "inf" / "-inf". */
function scoreJson(score: number): number | string {
  return Number.isFinite(score) ? score : score > 0 ? 'inf' : '-inf';
}

/**
 * Collects a key's chunks into its logical value, in the schema of the fixtures' expected
 * contents: list elements in order, set members sorted bytewise, zset `[member, score]` by rank,
 * hash `[field, value(, expireAtMs)]` sorted by field, stream entries, ids, counters and groups.
 */
export class ValueCollector {
  private items: unknown[] = [];
  private stringParts: Buffer[] = [];
  private meta: StreamMeta | undefined;
  private type: DecodedChunk['type'] | undefined;
  private moduleName: string | undefined;

  add(chunk: DecodedChunk): void {
    this.type = chunk.type;
    switch (chunk.type) {
      case 'string':
        this.stringParts.push(chunk.value);
        break;
      case 'list':
        this.items.push(...chunk.elements);
        break;
      case 'set':
        this.items.push(...chunk.members);
        break;
      case 'zset':
        this.items.push(...chunk.entries);
        break;
      case 'hash':
        this.items.push(...chunk.fields);
        break;
      case 'stream':
        this.items.push(...chunk.entries);
        if (chunk.meta) this.meta = chunk.meta;
        break;
      case 'module':
        this.moduleName = chunk.moduleName;
        break;
    }
  }

  value(): unknown {
    switch (this.type) {
      case 'string':
        return bytesJson(Buffer.concat(this.stringParts));
      case 'list':
        return (this.items as Buffer[]).map(bytesJson);
      case 'set':
        return (this.items as Buffer[]).sort(Buffer.compare).map(bytesJson);
      case 'zset':
        return (this.items as Array<[Buffer, number]>)
          .sort((a, b) => a[1] - b[1] || Buffer.compare(a[0], b[0]))
          .map(([m, s]) => [bytesJson(m), scoreJson(s)]);
      case 'hash':
        return (this.items as Array<[Buffer, Buffer, number?]>)
          .sort((a, b) => Buffer.compare(a[0], b[0]))
          .map(([f, v, ttl]) =>
            ttl === undefined ? [bytesJson(f), bytesJson(v)] : [bytesJson(f), bytesJson(v), ttl],
          );
      case 'stream': {
        const m = this.meta;
        return {
          entries: (this.items as Array<{ id: string; fields: Buffer[] }>).map((e) => [
            e.id,
            e.fields.map(bytesJson),
          ]),
          lastId: m?.lastId,
          length: m?.length,
          entriesAdded: m?.entriesAdded,
          maxDeletedEntryId: m?.maxDeletedId,
          recordedFirstEntryId: m?.firstId,
          groups: (m?.groups ?? []).map((g) => ({
            name: bytesJson(g.name),
            'last-delivered-id': g.lastDeliveredId,
            'entries-read': g.entriesRead,
            pending: g.pending.map(([id, c, t, n]) => [id, bytesJson(c), t, n]),
            consumers: g.consumers.map((c) => ({
              name: bytesJson(c.name),
              'seen-time': c.seenTime,
              'active-time': c.activeTime,
            })),
          })),
        };
      }
      case 'module':
        return { module: this.moduleName };
      default:
        return null;
    }
  }

  /** Elements held (for the summary). */
  get count(): number {
    return this.type === 'string' ? 1 : this.items.length;
  }
}
