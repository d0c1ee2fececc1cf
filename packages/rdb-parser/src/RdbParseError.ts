/** Stable error codes. Never renumber or rename: callers match on them. */
export type RdbErrorCode =
  | 'RDB_BAD_MAGIC'
  | 'RDB_UNSUPPORTED_VERSION'
  | 'RDB_UNKNOWN_OPCODE'
  | 'RDB_UNKNOWN_TYPE'
  | 'RDB_TRUNCATED'
  | 'RDB_CORRUPT'
  | 'RDB_CHECKSUM_MISMATCH'
  | 'RDB_UNSUPPORTED_FEATURE';

const DEFAULT_HINTS: Record<RdbErrorCode, string> = {
  RDB_BAD_MAGIC:
    'Check that the input is an RDB file (dump.rdb) and not an AOF, a compressed archive or another format.',
  RDB_UNSUPPORTED_VERSION:
    'The file was written by a newer server than this parser supports; re-save it with a supported version or upgrade the parser.',
  RDB_UNKNOWN_OPCODE:
    'The file uses a record this parser does not know (a newer or non-OSS server wrote it); re-save it with a supported server.',
  RDB_UNKNOWN_TYPE:
    'The file holds a value type this parser does not know (a newer server or a fork wrote it); re-save it with a supported server.',
  RDB_TRUNCATED: 'The file ends early: copy it again completely (for example after BGSAVE has finished).',
  RDB_CORRUPT: 'The file is damaged: take a fresh copy or a new BGSAVE, and check it with redis-check-rdb.',
  RDB_CHECKSUM_MISMATCH:
    'The file is damaged (CRC64 does not match): take a fresh copy; pass verifyChecksum: false only to salvage data.',
  RDB_UNSUPPORTED_FEATURE:
    'This part of the format is not supported; see the package README for the supported list.',
};

/** A failure to parse an RDB stream: what was wrong, where (byte offset), and what the user can do. */
export class RdbParseError extends Error {
  readonly code: RdbErrorCode;
  readonly offset: number;
  readonly key?: Buffer;
  readonly hint: string;

  constructor(
    code: RdbErrorCode,
    message: string,
    offset: number,
    options: { key?: Buffer; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RdbParseError';
    this.code = code;
    this.offset = offset;
    if (options.key !== undefined) this.key = options.key;
    this.hint = options.hint ?? DEFAULT_HINTS[code];
  }
}
