import {
  type Entry,
  inject,
  injectable,
  isShuttleError,
  type Logger,
  type Reader,
  type ReaderProgress,
  redactUrl,
  SourceError,
  TOKENS,
} from '@redis-shuttle/core';
import type { Redis } from 'ioredis';
import { isDumpPayload, rdbVersionOf, valueTypeOf } from './dumpUtils.js';
import { KeyspaceTail } from './KeyspaceTail.js';
import { RateLimiter } from './RateLimiter.js';
import { SCAN_READER_CONFIG, type ScanReaderConfig } from './ScanReaderConfig.js';
import { cursorFraction } from './scanProgressUtils.js';
import { connectSource, type SourceFacts, sourceFacts, unreachable } from './sourceUtils.js';

export interface ScanProgress extends ReaderProgress {
  /** Keys in the dbs read, from INFO keyspace at the start. */
  keysTotal: number;
  /** 0..1, from the SCAN cursors and DBSIZE (an estimate). */
  estimatedFraction: number;
  /** Keys SCAN returned that were gone by the time DUMP ran (skipped). */
  vanished: number;
  /** sync mode: keys re-read because a notification named them, and DELs sent for keys gone. */
  tailKeys: number;
  tailDeletes: number;
}

/**
 * Reads a live server with SCAN and pipelined DUMP + PEXPIRETIME (PTTL before Redis 7), one batch
 * at a time: the source needs no PSYNC or SYNC permission, and at most one batch of payloads is in
 * memory whatever the key sizes. In `sync` mode it then follows keyspace notifications, re-reading
 * every key they name (subscribed before the scan, so nothing written during it is missed unless
 * pub/sub itself drops it: at-least-once for keys, not a replication stream).
 */
@injectable()
export class ScanReader implements Reader {
  readonly name = 'scan';
  readonly description: string;
  private readonly progressState: ScanProgress = {
    phase: 'connect',
    bytesRead: 0,
    entries: 0,
    keys: 0,
    keysTotal: 0,
    estimatedFraction: 0,
    vanished: 0,
    tailKeys: 0,
    tailDeletes: 0,
  };
  private readonly limiter: RateLimiter;
  private client: Redis | undefined;
  private tail: KeyspaceTail | undefined;
  private useExpireTime = true;
  private keysBeforeDb = 0;

  constructor(
    @inject(SCAN_READER_CONFIG) private readonly config: ScanReaderConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.description = redactUrl(config.url);
    this.limiter = new RateLimiter(config.sourceMaxOps);
  }

  async *entries(signal: AbortSignal): AsyncIterable<Entry> {
    const client = await connectSource(this.config, 'redis-shuttle-scan');
    this.client = client;
    try {
      const facts = await sourceFacts(client);
      this.useExpireTime =
        this.config.expiryCommand === 'auto' ? facts.major >= 7 : this.config.expiryCommand === 'PEXPIRETIME';
      const dbs = this.config.dbs ?? [...facts.keyspace.keys()].sort((a, b) => a - b);
      this.progressState.keysTotal = dbs.reduce((n, db) => n + (facts.keyspace.get(db) ?? 0), 0);
      this.logStart(facts, dbs);
      if (this.config.mode === 'sync') {
        // Subscribe before the scan: a key written while the scan runs is re-read afterwards.
        this.tail = new KeyspaceTail(
          client,
          this.logger,
          this.config.notifyKeyspaceEvents,
          this.config.dbs ? new Set(this.config.dbs) : undefined,
        );
        await this.tail.start();
      }
      if (this.config.functions && facts.major >= 7) yield* this.functions();
      this.progressState.phase = 'scan';
      for (const db of dbs) {
        yield* this.scanDb(db, signal);
        if (signal.aborted) return;
      }
      this.progressState.estimatedFraction = 1;
      this.logger.info(
        { keys: this.progressState.keys, vanished: this.progressState.vanished },
        'scan of the source done',
      );
      if (this.tail) yield* this.follow(this.tail, signal);
      this.progressState.phase = 'done';
    } catch (error) {
      throw this.sourceError(error);
    } finally {
      await this.shutdown();
    }
  }

  private logStart(facts: SourceFacts, dbs: number[]): void {
    this.logger.info(
      {
        source: this.description,
        version: facts.version,
        dbs,
        keys: this.progressState.keysTotal,
        mode: this.config.mode,
      },
      'scanning the source',
    );
    if (facts.cluster) {
      this.logger.warn(
        { source: this.description },
        'the source is a Redis Cluster node: only the keys this node holds are read (run one migration per master)',
      );
    }
  }

  private async *functions(): AsyncGenerator<Entry> {
    await this.limiter.take(1);
    const libraries = (await this.client!.callBuffer('FUNCTION', 'LIST', 'WITHCODE')) as unknown[][];
    for (const library of libraries) {
      for (let i = 0; i + 1 < library.length; i += 2) {
        if (String(library[i]) !== 'library_code') continue;
        this.progressState.entries++;
        yield { kind: 'function', code: library[i + 1] as Buffer };
      }
    }
  }

  private async *scanDb(db: number, signal: AbortSignal): AsyncGenerator<Entry> {
    const client = this.client!;
    await client.select(db);
    const dbsize = await client.dbsize();
    let cursor = '0';
    let scanned = 0;
    do {
      await this.limiter.take(1, signal);
      const [next, keys] = (await client.scanBuffer(cursor, 'COUNT', this.config.count)) as [
        Buffer,
        Buffer[],
      ];
      cursor = next.toString('latin1');
      scanned += keys.length;
      if (keys.length > 0) yield* this.dumpBatch(db, keys, signal, false);
      const inDb =
        cursor === '0'
          ? 1
          : Math.min(0.99, Math.max(scanned / Math.max(dbsize, 1), cursorFraction(cursor, dbsize)));
      const total = Math.max(this.progressState.keysTotal, 1);
      this.progressState.estimatedFraction = Math.min(1, (this.keysBeforeDb + inDb * dbsize) / total);
      if (signal.aborted) return;
    } while (cursor !== '0');
    this.keysBeforeDb += dbsize;
  }

  /** DUMP + expiry of a batch, pipelined; keys gone meanwhile are skipped (or, in the tail, deleted). */
  private async *dumpBatch(
    db: number,
    keys: Buffer[],
    signal: AbortSignal,
    tail: boolean,
  ): AsyncGenerator<Entry> {
    await this.limiter.take(keys.length * 2, signal);
    const pipeline = this.client!.pipeline();
    for (const key of keys) {
      pipeline.dumpBuffer(key);
      if (this.useExpireTime) pipeline.call('PEXPIRETIME', key);
      else pipeline.pttl(key);
    }
    const now = Date.now();
    const results = (await pipeline.exec()) ?? [];
    const progress = this.progressState;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const [dumpError, payload] = results[2 * i] ?? [new Error('no reply')];
      const [ttlError, ttl] = results[2 * i + 1] ?? [new Error('no reply')];
      results[2 * i] = null as never;
      const error = dumpError ?? ttlError;
      if (error) {
        throw new SourceError(
          'E_SOURCE_FORMAT',
          `the source refused to DUMP key ${JSON.stringify(key.toString('latin1'))} in db ${db}: ${error.message}`,
          {
            hint: 'a module type without DUMP support, or an ACL without DUMP/PEXPIRETIME rights',
            cause: error,
          },
        );
      }
      if (!isDumpPayload(payload) || ttl === -2) {
        if (!tail) {
          progress.vanished++;
          continue;
        }
        progress.tailDeletes++;
        progress.entries++;
        yield { kind: 'command', db, argv: [Buffer.from('DEL'), key] };
        continue;
      }
      const expiry = Number(ttl);
      progress.keys++;
      progress.entries++;
      progress.bytesRead += payload.length;
      if (tail) progress.tailKeys++;
      yield {
        kind: 'key',
        db,
        key,
        type: valueTypeOf(payload),
        expireAtMs: expiry < 0 ? null : this.useExpireTime ? expiry : now + expiry,
        dump: { payload, rdbVersion: rdbVersionOf(payload), rdbType: payload[0]! },
        complete: true,
      };
    }
  }

  /** sync mode: re-read every key a notification names, until the run is stopped. */
  private async *follow(tail: KeyspaceTail, signal: AbortSignal): AsyncGenerator<Entry> {
    this.progressState.phase = 'sync';
    this.logger.info(
      { pending: tail.pending },
      'following keyspace notifications (at-least-once for keys: pub/sub can drop notifications)',
    );
    while (!signal.aborted) {
      if (tail.lost) {
        tail.lost = false;
        await tail.resubscribe(signal);
        const facts = await sourceFacts(this.client!);
        const dbs = this.config.dbs ?? [...facts.keyspace.keys()].sort((a, b) => a - b);
        this.progressState.phase = 'rescan';
        for (const db of dbs) yield* this.scanDb(db, signal);
        this.progressState.phase = 'sync';
        continue;
      }
      const batch = tail.take(this.config.count);
      if (!batch) {
        await tail.wait(signal);
        continue;
      }
      await this.client!.select(batch.db);
      yield* this.dumpBatch(batch.db, batch.keys, signal, true);
    }
  }

  private sourceError(error: unknown): unknown {
    if (isShuttleError(error) || !isConnectionError(error)) return error;
    return unreachable(this.config, error);
  }

  private async shutdown(): Promise<void> {
    const tail = this.tail;
    this.tail = undefined;
    await tail?.stop();
    const client = this.client;
    this.client = undefined;
    if (client) await client.quit().catch(() => client.disconnect());
  }

  progress(): ScanProgress {
    return this.progressState;
  }

  async close(): Promise<void> {
    await this.shutdown();
  }
}

/** An error of the source connection (as ioredis reports it), as opposed to a bug. */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    ['ReplyError', 'MaxRetriesPerRequestError', 'AbortError'].includes(error.name) ||
    /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|Stream isn't writeable/i.test(
      error.message,
    )
  );
}
