import {
  container,
  defaultPipelineOptions,
  type Logger,
  Pipeline,
  silentLogger,
  TOKENS,
  type WriterStats,
} from '@redis-shuttle/core';
import writerPlugin, { redisWriterConfigSchema } from '@redis-shuttle/writer-redis';
import readerPlugin, { type AofReader, aofReaderConfigSchema } from '../src/index.js';

export interface MigrateResult {
  stats: WriterStats;
  warnings: string[];
}

/** Runs reader-aof → writer-redis in this process (the CLI does the same in a child process). */
export async function migrateAof(config: Record<string, unknown>, url: string): Promise<MigrateResult> {
  const scope = container.createChildContainer();
  const logger: Logger = silentLogger;
  scope.register(TOKENS.Logger, { useValue: logger });
  scope.register(TOKENS.PipelineOptions, { useValue: defaultPipelineOptions });
  readerPlugin.register(scope, aofReaderConfigSchema.parse(config));
  writerPlugin.register(scope, redisWriterConfigSchema.parse({ url }));
  const writer = scope.resolve(TOKENS.Writer);
  const reader = scope.resolve(TOKENS.Reader) as AofReader;
  await writer.connect();
  try {
    await scope.resolve(Pipeline).run(new AbortController().signal);
    return { stats: writer.stats(), warnings: reader.warnings };
  } finally {
    await writer.close();
  }
}
