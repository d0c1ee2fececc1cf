import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ConnectionStatus,
  container,
  type KeepaliveStrategy,
  Pipeline,
  silentLogger,
  TOKENS,
  type WriterStats,
} from '@redis-shuttle/core';
import readerPlugin, { rdbReaderConfigSchema } from '@redis-shuttle/reader-rdb';
import { tmpDir } from '@redis-shuttle/testkit';
import writerPlugin, { redisWriterConfigSchema } from '@redis-shuttle/writer-redis';

export interface MigrationRunOptions {
  rdbPath: string;
  targetUrl: string;
  strategies: KeepaliveStrategy[];
  /**
   * Feed the RDB through a named pipe: its first half, then nothing for `stallMs` (the reader
   * waits, the writer's connections sit idle), then the rest.
   */
  stallMs?: number;
  /** Called when the stall starts (the first half is in the pipe) and before it ends. */
  onStallStart?: () => Promise<void>;
  onStallEnd?: () => Promise<void>;
  heartbeatMs?: number;
}

export interface MigrationRunResult {
  stats: WriterStats;
  connections: ConnectionStatus[];
}

/**
 * Runs reader-rdb → writer-redis in this process, composed like the CLI's composition root: a
 * child container, the logger, the pipeline options, the keepalive strategies, then the plugins.
 */
export async function migrationRun(options: MigrationRunOptions): Promise<MigrationRunResult> {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: silentLogger });
  scope.register(TOKENS.PipelineOptions, {
    useValue: { heartbeatMs: options.heartbeatMs ?? 500, filters: [] },
  });
  scope.register(TOKENS.KeepaliveStrategies, { useValue: options.strategies });
  const fifoDir = options.stallMs === undefined ? undefined : tmpDir('keepalive-fifo-');
  const path = fifoDir ? join(fifoDir, 'dump.rdb.fifo') : options.rdbPath;
  if (fifoDir) execFileSync('mkfifo', [path]);
  readerPlugin.register(scope, rdbReaderConfigSchema.parse({ path }));
  writerPlugin.register(scope, redisWriterConfigSchema.parse({ url: options.targetUrl }));
  const writer = scope.resolve(TOKENS.Writer);
  try {
    await writer.connect();
    const feeding = fifoDir ? feedWithStall(options.rdbPath, path, options) : Promise.resolve();
    await Promise.all([scope.resolve(Pipeline).run(new AbortController().signal), feeding]);
    return { stats: { ...writer.stats() }, connections: writer.connections() };
  } finally {
    await writer.close();
    if (fifoDir) rmSync(fifoDir, { recursive: true, force: true });
  }
}

async function feedWithStall(from: string, fifo: string, options: MigrationRunOptions): Promise<void> {
  const data = await readFile(from);
  const half = data.length >> 1;
  const pipe = await open(fifo, 'w'); // returns once the reader has opened the other end
  try {
    await writeAll(pipe, data.subarray(0, half));
    await options.onStallStart?.();
    await sleep(options.stallMs!);
    await options.onStallEnd?.();
    await writeAll(pipe, data.subarray(half));
  } finally {
    await pipe.close();
  }
}

async function writeAll(file: import('node:fs/promises').FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await file.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}
