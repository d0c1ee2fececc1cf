import { z } from '@redis-shuttle/core';

export const rdbReaderConfigSchema = z
  .object({
    path: z.string().min(1).describe('Path of the RDB file, or "-" for standard input'),
    verifyChecksum: z.boolean().default(true).describe("Verify the file's CRC64 trailer"),
    readChunkBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024)
      .describe('Read size from the file'),
  })
  .strict();

export type RdbReaderConfig = z.output<typeof rdbReaderConfigSchema>;

export const RDB_READER_CONFIG = Symbol('reader-rdb.config');
