import { type InjectionToken, z } from '@redis-shuttle/core';

export const jsonlWriterConfigSchema = z
  .object({
    url: z.string().min(1).describe('the file to write: a path (e.g. out.jsonl) or a file:// URL'),
  })
  .strict();

export type JsonlWriterConfig = z.infer<typeof jsonlWriterConfigSchema>;

/** This plugin's own token: its config, as validated by the composition root. */
export const JSONL_WRITER_CONFIG = Symbol(
  'redis-shuttle-writer-jsonl.Config',
) as InjectionToken<JsonlWriterConfig>;
