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
    maxPayloadBytes: z
      .number()
      .int()
      .positive()
      .default(32 * 1024 * 1024)
      .describe(
        'A key whose value takes more bytes than this in the file is decoded and written in pieces instead of as one DUMP payload (keeps memory bounded; a target refuses payloads above its proto-max-bulk-len)',
      ),
  })
  .strict();

export type RdbReaderConfig = z.output<typeof rdbReaderConfigSchema>;

export const RDB_READER_CONFIG = Symbol('reader-rdb.config');
