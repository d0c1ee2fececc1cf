/**
 * Stable error codes. A code, once released, keeps its meaning: add new ones, never renumber.
 * The exit code tells usage problems (2) from failures during a run (1).
 */
export const ERROR_CODES = {
  E_CONFIG: { exit: 2, summary: 'the configuration or command line is invalid' },
  E_PLUGIN_NOT_INSTALLED: { exit: 2, summary: 'a plugin the run needs is not installed' },
  E_PLUGIN_INVALID: { exit: 2, summary: 'a plugin does not implement the plugin contract' },
  E_PLUGIN_CONFLICT: { exit: 2, summary: 'two plugins registered the same role' },
  E_SOURCE_NOT_FOUND: { exit: 1, summary: 'the source cannot be opened' },
  E_SOURCE_FORMAT: { exit: 1, summary: 'the source data is corrupt, truncated or unsupported' },
  E_SOURCE_UNREACHABLE: { exit: 1, summary: 'the source server cannot be reached' },
  E_TARGET_UNREACHABLE: { exit: 1, summary: 'the target server cannot be reached' },
  E_TARGET_AUTH: { exit: 1, summary: 'the target refused the credentials' },
  E_TARGET_TLS: {
    exit: 1,
    summary: 'the TLS connection to the target failed (certificate, name or protocol)',
  },
  E_TARGET_UNSUPPORTED: { exit: 1, summary: 'the target cannot take this data or this writer' },
  E_TARGET_REJECTED: { exit: 1, summary: 'the target answered a write with an error' },
  E_TARGET_OOM: { exit: 1, summary: 'the target is out of memory' },
  E_CONNECTION_LOST: { exit: 1, summary: 'a connection was lost and could not be re-established' },
  E_INTERRUPTED: { exit: 130, summary: 'the run was interrupted' },
  E_INTERNAL: { exit: 1, summary: 'a bug in redis-shuttle' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function exitCodeFor(code: string): number {
  return (ERROR_CODES as Record<string, { exit: number }>)[code]?.exit ?? 1;
}
