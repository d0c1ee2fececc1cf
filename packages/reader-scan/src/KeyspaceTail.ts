import { ConfigError, type Logger, SourceError } from '@redis-shuttle/core';
import type { Redis } from 'ioredis';

const PREFIX = '__keyspace@';
const PATTERN = `${PREFIX}*__:*`;
/** The event classes of `A` (every key event) in Redis 7: generic, string, list, set, hash, zset, expired, evicted, stream. */
const EVERY_CLASS = 'g$lshzxet';

/**
 * Follows keyspace notifications (`PSUBSCRIBE __keyspace@*__:*` on its own connection) and keeps
 * the set of keys touched since they were last taken, per db. Pub/sub is fire-and-forget: when the
 * subscription connection drops, `lost` is set and the reader rescans everything.
 */
export class KeyspaceTail {
  /** Set when notifications may have been missed (the subscription connection dropped). */
  lost = false;
  notifications = 0;
  private subscriber: Redis | undefined;
  private readonly dirty = new Map<number, Map<string, Buffer>>();
  private dirtyCount = 0;
  private wake: (() => void) | undefined;
  private previousFlags: string | undefined;

  constructor(
    private readonly client: Redis,
    private readonly logger: Logger,
    private readonly enable: boolean,
    private readonly dbs: ReadonlySet<number> | undefined,
  ) {}

  /** Keys waiting to be re-read. */
  get pending(): number {
    return this.dirtyCount;
  }

  async start(): Promise<void> {
    await this.enableNotifications();
    const subscriber = this.client.duplicate({
      connectionName: 'redis-shuttle-scan-tail',
      lazyConnect: true,
    });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer) => this.onNotification(channel));
    subscriber.on('reconnecting', () => {
      if (this.lost) return;
      this.lost = true;
      this.logger.warn(
        {},
        'the keyspace notification connection dropped: notifications may be lost, rescanning',
      );
      this.wakeUp();
    });
    await subscriber.connect();
    await subscriber.psubscribe(PATTERN);
  }

  /**
   * After the subscription connection dropped: waits until it is back and subscribed again (a
   * PSUBSCRIBE of our own, whose reply confirms it), so that a rescan started afterwards misses nothing.
   */
  async resubscribe(signal: AbortSignal): Promise<void> {
    const subscriber = this.subscriber;
    while (subscriber && !signal.aborted) {
      if (subscriber.status === 'end') {
        throw new SourceError(
          'E_SOURCE_UNREACHABLE',
          'the keyspace notification connection to the source was lost and could not be re-established',
          { hint: 'check the source; a sync run started again re-reads every key' },
        );
      }
      if (subscriber.status === 'ready') {
        try {
          await subscriber.psubscribe(PATTERN);
          this.logger.info({}, 'keyspace notifications resubscribed');
          return;
        } catch {
          // dropped again: retry below
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Takes up to `n` touched keys of one db, or undefined when none is waiting. */
  take(n: number): { db: number; keys: Buffer[] } | undefined {
    for (const [db, keys] of this.dirty) {
      const taken: Buffer[] = [];
      for (const [id, key] of keys) {
        keys.delete(id);
        taken.push(key);
        if (taken.length >= n) break;
      }
      if (keys.size === 0) this.dirty.delete(db);
      this.dirtyCount -= taken.length;
      if (taken.length > 0) return { db, keys: taken };
    }
    return undefined;
  }

  /** Resolves when a key was touched, the subscription dropped, or the signal aborted. */
  wait(signal: AbortSignal): Promise<void> {
    if (this.dirtyCount > 0 || this.lost || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) {
      subscriber.removeAllListeners('reconnecting');
      await subscriber.quit().catch(() => subscriber.disconnect());
    }
    if (this.previousFlags !== undefined) {
      const previous = this.previousFlags;
      this.previousFlags = undefined;
      try {
        await this.client.config('SET', 'notify-keyspace-events', previous);
        this.logger.info({ value: previous }, 'restored notify-keyspace-events on the source');
      } catch (error) {
        this.logger.warn(
          { value: previous, error: (error as Error).message },
          'could not restore notify-keyspace-events on the source',
        );
      }
    }
  }

  private onNotification(channel: Buffer): void {
    const end = channel.indexOf('__:', PREFIX.length);
    if (end === -1) return;
    const db = Number(channel.toString('latin1', PREFIX.length, end));
    if (this.dbs && !this.dbs.has(db)) return;
    this.notifications++;
    const key = channel.subarray(end + 3);
    let keys = this.dirty.get(db);
    if (!keys) {
      keys = new Map();
      this.dirty.set(db, keys);
    }
    const id = key.toString('latin1');
    if (!keys.has(id)) {
      keys.set(id, Buffer.from(key));
      this.dirtyCount++;
    }
    this.wakeUp();
  }

  private wakeUp(): void {
    this.wake?.();
  }

  private async enableNotifications(): Promise<void> {
    const [, current = ''] = (await this.client.config('GET', 'notify-keyspace-events')) as string[];
    const hasClasses = current.includes('A') || [...EVERY_CLASS].every((c) => current.includes(c));
    if (current.includes('K') && hasClasses) {
      this.logger.info({ value: current }, 'keyspace notifications already enabled on the source');
      return;
    }
    const wanted = `${current}${current.includes('K') ? '' : 'K'}${hasClasses ? '' : 'A'}`;
    if (!this.enable) throw notEnabled(current);
    try {
      await this.client.config('SET', 'notify-keyspace-events', wanted);
    } catch (error) {
      throw notEnabled(current, error);
    }
    this.previousFlags = current;
    this.logger.info(
      { previous: current, value: wanted },
      `set notify-keyspace-events to "${wanted}" on the source (was "${current}"); it is restored at the end`,
    );
  }
}

function notEnabled(current: string, cause?: unknown): ConfigError {
  return new ConfigError(
    `sync mode needs keyspace notifications on the source, but notify-keyspace-events is "${current}"${cause ? ` and CONFIG SET failed: ${(cause as Error).message}` : ''}`,
    {
      hint: 'set notify-keyspace-events to KEA on the source (on managed services: its parameter group), or use mode snapshot',
      cause,
    },
  );
}
