import {
  container,
  defaultPipelineOptions,
  type Logger,
  Pipeline,
  TOKENS,
  type Writer,
  type WriterStats,
} from '@redis-shuttle/core';
import writerPlugin, { redisWriterConfigSchema } from '@redis-shuttle/writer-redis';
import type { Redis } from 'ioredis';
import readerPlugin, { type SyncReader, syncReaderConfigSchema } from '../src/index.js';

/** A logger that keeps what it was told, for assertions (and prints warnings when DEBUG_SYNC is set). */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; msg: string; obj: object }> = [];
  private log(level: string, obj: object | string, msg?: string) {
    const line = typeof obj === 'string' ? { level, msg: obj, obj: {} } : { level, msg: msg ?? '', obj };
    this.lines.push(line);
    if (process.env.DEBUG_SYNC) console.error(level, line.msg, JSON.stringify(line.obj));
  }
  debug(obj: object | string, msg?: string) {
    this.log('debug', obj, msg);
  }
  info(obj: object | string, msg?: string) {
    this.log('info', obj, msg);
  }
  warn(obj: object | string, msg?: string) {
    this.log('warn', obj, msg);
  }
  error(obj: object | string, msg?: string) {
    this.log('error', obj, msg);
  }
}

export interface SyncRun {
  reader: SyncReader;
  writer: Writer;
  logger: MemoryLogger;
  /** Settles when the pipeline has ended (snapshot mode: by itself). */
  done: Promise<WriterStats>;
  /** Aborts (sync mode), waits for the pipeline to flush, closes. */
  stop(): Promise<WriterStats>;
}

/** Runs reader-sync → writer-redis → core Pipeline in this process, the way the CLI composes them. */
export async function startSync(readerConfig: Record<string, unknown>, targetUrl: string): Promise<SyncRun> {
  const scope = container.createChildContainer();
  const logger = new MemoryLogger();
  scope.register(TOKENS.Logger, { useValue: logger });
  scope.register(TOKENS.PipelineOptions, { useValue: defaultPipelineOptions });
  readerPlugin.register(scope, syncReaderConfigSchema.parse(readerConfig));
  writerPlugin.register(scope, redisWriterConfigSchema.parse({ url: targetUrl }));
  const writer = scope.resolve(TOKENS.Writer);
  const reader = scope.resolve(TOKENS.Reader) as SyncReader;
  await writer.connect();
  const abort = new AbortController();
  const done = (async () => {
    try {
      await scope.resolve(Pipeline).run(abort.signal);
      return writer.stats();
    } finally {
      await writer.close();
      await reader.close();
    }
  })();
  done.catch(() => undefined);
  return {
    reader,
    writer,
    logger,
    done,
    stop: async () => {
      abort.abort();
      return done;
    },
  };
}

/** Writes a mix of commands (every type, expiries, deletes, transactions, two dbs) until stopped. */
export function writeContinuously(client: Redis, prefix = 'live'): { stop(): Promise<number> } {
  let running = true;
  let batches = 0;
  const db1 = client.duplicate({ db: 1 });
  db1.on('error', () => undefined);
  const loop = (async () => {
    while (running) {
      const b = batches++;
      const pipe = client.pipeline();
      const other = db1.pipeline();
      for (let i = 0; i < 20; i++) {
        const n = (b * 20 + i) % 5000;
        pipe.set(`${prefix}:s:${n}`, `v${b}-${i}`);
        pipe.incr(`${prefix}:counter:${n % 100}`);
        pipe.hset(`${prefix}:h:${n % 500}`, `f${i}`, `v${b}`);
        pipe.lpush(`${prefix}:l:${n % 200}`, `e${b}`);
        pipe.zadd(`${prefix}:z:${n % 200}`, b + i / 100, `m${n}`);
        pipe.xadd(`${prefix}:x:${n % 50}`, '*', 'f', `v${b}`);
        pipe.expire(`${prefix}:s:${n}`, 100_000 + n);
        if (i % 5 === 0) pipe.del(`${prefix}:s:${(n + 2500) % 5000}`);
        if (i % 7 === 0) other.set(`${prefix}:db1:${n}`, `x${b}`);
      }
      try {
        await Promise.all([
          pipe.exec(),
          other.exec(),
          client.multi().incr(`${prefix}:tx:a`).hset(`${prefix}:tx:h`, 'b', String(b)).exec(),
        ]);
      } catch (error) {
        if (running) throw error; // the test ended and stopped the servers
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      db1.disconnect();
      return batches;
    },
  };
}

/** Bulk strings and hashes, through pipelines. */
export async function fillBulk(client: Redis, keys: number, prefix = 'bulk'): Promise<void> {
  const batch = 5_000;
  for (let start = 0; start < keys; start += batch) {
    const pipe = client.pipeline();
    for (let i = start; i < Math.min(keys, start + batch); i++) {
      if (i % 4 === 0) pipe.hset(`${prefix}:h:${i}`, 'a', String(i), 'b', 'payload');
      else pipe.set(`${prefix}:s:${i}`, `value-${i}-${'x'.repeat(i % 64)}`);
    }
    await pipe.exec();
  }
}
