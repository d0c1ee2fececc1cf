import {
  container,
  defaultPipelineOptions,
  type Logger,
  Pipeline,
  type ShuttlePlugin,
  silentLogger,
  TOKENS,
  type WriterStats,
} from '@redis-shuttle/core';
import clusterWriterPlugin, { clusterWriterConfigSchema } from '@redis-shuttle/writer-cluster';
import writerPlugin, { redisWriterConfigSchema } from '@redis-shuttle/writer-redis';
import readerPlugin, { type ScanProgress, type ScanReader, scanReaderConfigSchema } from '../src/index.js';

export interface ScanRun {
  /** Resolves when the run ends (snapshot: the scan is written; sync: after `stop()`). */
  done: Promise<{ stats: WriterStats; progress: ScanProgress }>;
  progress(): ScanProgress;
  stop(): void;
}

/** Runs reader-scan → writer-redis (or writer-cluster) in this process, as the CLI does in a child. */
export function startScan(
  config: Record<string, unknown>,
  target: { url: string; cluster?: boolean },
  logger: Logger = silentLogger,
): ScanRun {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: logger });
  scope.register(TOKENS.PipelineOptions, { useValue: defaultPipelineOptions });
  readerPlugin.register(scope, scanReaderConfigSchema.parse(config));
  if (target.cluster) {
    (clusterWriterPlugin as ShuttlePlugin<unknown>).register(
      scope,
      clusterWriterConfigSchema.parse({ url: target.url }),
    );
  } else {
    writerPlugin.register(scope, redisWriterConfigSchema.parse({ url: target.url }));
  }
  const reader = scope.resolve(TOKENS.Reader) as ScanReader;
  const abort = new AbortController();
  const done = (async () => {
    const writer = scope.resolve(TOKENS.Writer);
    await writer.connect();
    try {
      await scope.resolve(Pipeline).run(abort.signal);
      return { stats: writer.stats(), progress: reader.progress() };
    } finally {
      await writer.close();
      await reader.close();
    }
  })();
  return { done, progress: () => reader.progress(), stop: () => abort.abort() };
}

export function migrateScan(config: Record<string, unknown>, target: { url: string; cluster?: boolean }) {
  return startScan(config, target).done;
}
