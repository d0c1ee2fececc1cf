import { z } from '@redis-shuttle/core';

export const aofReaderConfigSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .describe(
        'An AOF file (with or without an RDB preamble), a Redis 7 AOF directory (appendonlydir), or its manifest file',
      ),
    until: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'Unix seconds: stop before the first command whose preceding #TS: annotation is later (point-in-time restore)',
      ),
    loadTruncated: z
      .boolean()
      .default(true)
      .describe(
        'Like aof-load-truncated yes: a truncated last command is a warning and reading stops at the last complete command; false makes it an error',
      ),
    verifyChecksum: z
      .boolean()
      .default(true)
      .describe('Verify the CRC64 trailer of RDB parts (base or preamble)'),
    readChunkBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024)
      .describe('Read size from the files'),
  })
  .strict();

export type AofReaderConfig = z.output<typeof aofReaderConfigSchema>;

export const AOF_READER_CONFIG = Symbol('reader-aof.config');
