import type { Logger } from '@redis-shuttle/core';
import { Redis } from 'ioredis';
import { firstLine } from './sourceErrors.js';
import { controlOptions, parseInfo, type SourceAddress } from './sourceUtils.js';
import type { SyncReaderConfig } from './SyncReaderConfig.js';

/**
 * A control connection (ioredis, never the replication link) that reads the source's
 * `master_repl_offset` every second, for the lag in progress and the stop of snapshot mode.
 */
export class SourceMonitor {
  /** The source's last known `master_repl_offset`. */
  sourceOffset: number | undefined;
  /** The user may not run INFO (ACL): no source offset. */
  infoRefused = false;
  private client: Redis | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: SyncReaderConfig,
    private readonly logger: Logger,
    /** Called every second (the lag tracker samples then). */
    private readonly onTick: () => void,
  ) {}

  /** (Re)starts on a source; after a failover the offsets start over. */
  start(source: SourceAddress): void {
    this.stop();
    this.sourceOffset = undefined;
    this.client = new Redis({
      ...controlOptions(source, this.config),
      retryStrategy: () => 2_000,
      enableOfflineQueue: false,
    });
    this.client.on('error', () => undefined);
    this.client.connect().catch(() => undefined);
    this.timer = setInterval(() => {
      this.onTick();
      void this.fetchOffset();
    }, 1_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.client?.disconnect();
    this.client = undefined;
  }

  /** `INFO replication` → `master_repl_offset`, or undefined when not available now. */
  async fetchOffset(): Promise<number | undefined> {
    const client = this.client;
    if (client?.status !== 'ready') return undefined;
    try {
      const info = parseInfo(String(await client.info('replication')));
      const offset = Number(info.master_repl_offset);
      if (!Number.isFinite(offset)) return undefined;
      this.sourceOffset = offset;
      return offset;
    } catch (error) {
      const message = firstLine(String((error as Error).message));
      if (/NOPERM/i.test(message)) this.infoRefused = true;
      this.logger.debug({ error: message }, 'INFO replication failed');
      return undefined;
    }
  }
}
