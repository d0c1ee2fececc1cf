import { container, type Entry, type KeepaliveStrategy, silentLogger, TOKENS } from '@redis-shuttle/core';
import plugin, { type RedisWriter, redisWriterConfigSchema } from '../src/index.js';

/** A RedisWriter composed the way the CLI composes it. */
export function createWriter(
  config: Record<string, unknown>,
  strategies: KeepaliveStrategy[] = [],
): RedisWriter {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: process.env.WRITER_DEBUG ? (console as never) : silentLogger });
  scope.register(TOKENS.KeepaliveStrategies, { useValue: strategies });
  plugin.register(scope, redisWriterConfigSchema.parse(config));
  return scope.resolve(TOKENS.Writer) as RedisWriter;
}

/** Writes entries with the pipeline's backpressure discipline, then flushes. */
export async function writeAll(
  writer: RedisWriter,
  entries: AsyncIterable<Entry> | Iterable<Entry>,
): Promise<void> {
  for await (const entry of entries) {
    const pending = writer.write(entry);
    if (pending) await pending;
  }
  await writer.flush();
}
