import type { KeyEntry, StreamMeta, ValueChunk } from '@redis-shuttle/core';
import type { Arg } from './SentCommand.js';

export interface CommandBudget {
  /** Elements (members, fields, entries) per command. */
  maxElements: number;
  /** Bytes of arguments per command (kept well below the target's proto-max-bulk-len). */
  maxBytes: number;
}

export interface TargetFeatures {
  /** HPEXPIREAT (Redis 7.4+): field TTLs can be written. */
  hashFieldTtl: boolean;
  /** XSETID ... ENTRIESADDED / MAXDELETEDID and XGROUP CREATE ... ENTRIESREAD (Redis 7.0+). */
  streamMeta: boolean;
}

/** What the command path had to leave out, for the summary. */
export interface CommandPathLosses {
  fieldTtlsDropped: number;
  /** PEL entries whose stream entry was deleted: XCLAIM (7.0+) does not recreate them. */
  pendingDropped: number;
  moduleKeysSkipped: Map<string, number>;
}

/**
 * Turns a decoded value into type commands (the path for targets that cannot RESTORE a payload:
 * an older RDB version, or a value above the target's bulk limit). Big values are written in
 * commands of bounded size; the key is deleted first and its TTL set after the last piece.
 * Streams are rebuilt the way Redis's own AOF rewrite does it (aof.c rewriteStreamObject):
 * XADD per entry, XSETID, XGROUP CREATE, XCLAIM ... FORCE JUSTID for the PEL, CREATECONSUMER.
 */
export class ValueCommandBuilder {
  constructor(
    private readonly budget: CommandBudget,
    private readonly features: TargetFeatures,
    private readonly losses: CommandPathLosses,
  ) {}

  /** Commands for the start of a key: remove what is there, then its first chunk. */
  begin(entry: KeyEntry, first: ValueChunk): Arg[][] {
    return [['DEL', entry.key], ...this.chunk(entry.key, first, true)];
  }

  /** Commands for one chunk of a value. */
  chunk(key: Buffer, chunk: ValueChunk, first = false): Arg[][] {
    switch (chunk.type) {
      case 'string':
        return [[first ? 'SET' : 'APPEND', key, chunk.value]];
      case 'list':
        return this.variadic('RPUSH', key, chunk.elements, (e) => [e]);
      case 'set':
        return this.variadic('SADD', key, chunk.members, (m) => [m]);
      case 'zset':
        return this.variadic('ZADD', key, chunk.entries, ([member, score]) => [formatScore(score), member]);
      case 'hash':
        return this.hash(key, chunk.fields);
      case 'stream':
        return this.stream(key, chunk.entries, chunk.meta);
      case 'module':
        this.losses.moduleKeysSkipped.set(
          chunk.moduleName,
          (this.losses.moduleKeysSkipped.get(chunk.moduleName) ?? 0) + 1,
        );
        return [];
    }
  }

  /** Commands after the last chunk: the key's absolute expiry. */
  end(key: Buffer, expireAtMs: number | null): Arg[][] {
    return expireAtMs === null ? [] : [['PEXPIREAT', key, expireAtMs]];
  }

  private variadic<T>(command: string, key: Buffer, items: T[], args: (item: T) => Arg[]): Arg[][] {
    const out: Arg[][] = [];
    let current: Arg[] = [command, key];
    let bytes = 0;
    let count = 0;
    for (const item of items) {
      const a = args(item);
      const size = a.reduce<number>((n, x) => n + (typeof x === 'number' ? 24 : x.length), 0);
      if (count > 0 && (count >= this.budget.maxElements || bytes + size > this.budget.maxBytes)) {
        out.push(current);
        current = [command, key];
        bytes = 0;
        count = 0;
      }
      current.push(...a);
      bytes += size;
      count++;
    }
    if (count > 0) out.push(current);
    return out;
  }

  private hash(key: Buffer, fields: Array<[Buffer, Buffer] | [Buffer, Buffer, number]>): Arg[][] {
    const out = this.variadic('HSET', key, fields, ([f, v]) => [f, v]);
    for (const field of fields) {
      if (field.length !== 3) continue;
      if (this.features.hashFieldTtl) out.push(['HPEXPIREAT', key, field[2], 'FIELDS', 1, field[0]]);
      else this.losses.fieldTtlsDropped++;
    }
    return out;
  }

  private stream(
    key: Buffer,
    entries: Array<{ id: string; fields: Buffer[] }>,
    meta: StreamMeta | undefined,
  ): Arg[][] {
    const out: Arg[][] = entries.map((e) => ['XADD', key, e.id, ...e.fields]);
    if (!meta) return out;
    // A stream created by XGROUP CREATE ... MKSTREAM and never written has last id 0-0.
    const neverWritten = meta.length === 0 && meta.lastId === '0-0';
    if (meta.length === 0 && !neverWritten) {
      // An empty stream: add one entry at the last id and trim it away, as the AOF rewrite does.
      out.push(['XADD', key, 'MAXLEN', '0', meta.lastId, 'x', 'y']);
    }
    if (neverWritten && meta.groups.length === 0) {
      out.push(['XGROUP', 'CREATE', key, 'redis-shuttle-tmp', '0', 'MKSTREAM']);
      out.push(['XGROUP', 'DESTROY', key, 'redis-shuttle-tmp']);
    }
    if (!neverWritten) {
      const setId: Arg[] = ['XSETID', key, meta.lastId];
      if (this.features.streamMeta && meta.entriesAdded !== null)
        setId.push('ENTRIESADDED', meta.entriesAdded);
      if (this.features.streamMeta && meta.maxDeletedId !== null)
        setId.push('MAXDELETEDID', meta.maxDeletedId);
      out.push(setId);
    }
    for (const group of meta.groups) {
      const create: Arg[] = ['XGROUP', 'CREATE', key, group.name, group.lastDeliveredId];
      if (neverWritten) create.push('MKSTREAM');
      if (this.features.streamMeta && group.entriesRead !== null)
        create.push('ENTRIESREAD', group.entriesRead);
      out.push(create);
      for (const [id, consumer, deliveryTimeMs, deliveryCount] of group.pending) {
        out.push([
          'XCLAIM',
          key,
          group.name,
          consumer,
          0,
          id,
          'TIME',
          deliveryTimeMs,
          'RETRYCOUNT',
          deliveryCount,
          'JUSTID',
          'FORCE',
        ]);
      }
      for (const consumer of group.consumers) {
        out.push(['XGROUP', 'CREATECONSUMER', key, group.name, consumer.name]);
      }
    }
    return out;
  }
}

/** A score as Redis parses it back to the same double (shortest round-trip form; ±inf; -0). */
export function formatScore(score: number): string {
  if (score === Number.POSITIVE_INFINITY) return '+inf';
  if (score === Number.NEGATIVE_INFINITY) return '-inf';
  if (Object.is(score, -0)) return '-0';
  return String(score);
}
