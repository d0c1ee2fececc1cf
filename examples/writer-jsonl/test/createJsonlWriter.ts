import { container, silentLogger, TOKENS, type Writer } from '@redis-shuttle/core';
import plugin, { jsonlWriterConfigSchema } from '../src/index.js';

/** A JsonlWriter composed the way the CLI composes a writer: a child container, then register. */
export function createJsonlWriter(url: string): Writer {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: silentLogger });
  plugin.register(scope, jsonlWriterConfigSchema.parse({ url }));
  return scope.resolve(TOKENS.Writer);
}
