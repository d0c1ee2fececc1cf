import {
  container,
  defaultPipelineOptions,
  Pipeline,
  silentLogger,
  TOKENS,
  type WriterStats,
} from '@redis-shuttle/core';
import writerPlugin, { redisWriterConfigSchema } from '@redis-shuttle/writer-redis';
import readerPlugin, { rdbReaderConfigSchema } from '../src/index.js';

/** Runs reader-rdb → writer-redis in this process (the CLI does the same in a child process). */
export async function migrateFile(path: string, url: string): Promise<WriterStats> {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: silentLogger });
  scope.register(TOKENS.PipelineOptions, { useValue: defaultPipelineOptions });
  readerPlugin.register(scope, rdbReaderConfigSchema.parse({ path }));
  writerPlugin.register(scope, redisWriterConfigSchema.parse({ url }));
  const writer = scope.resolve(TOKENS.Writer);
  await writer.connect();
  try {
    await scope.resolve(Pipeline).run(new AbortController().signal);
    return writer.stats();
  } finally {
    await writer.close();
  }
}
