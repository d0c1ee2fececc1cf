import type { ErrorCode } from './errorCodes.js';

export interface ShuttleErrorOptions {
  /** What the user can do about it, in one sentence. */
  hint?: string;
  cause?: unknown;
}

/**
 * The base of every error redis-shuttle reports to a user. `code` is stable (never renumbered
 * or renamed), `message` says what went wrong and where, `hint` says what to do.
 * Messages and hints must never contain secrets: pass URLs through `redactUrl` first.
 */
export class ShuttleError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: ShuttleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

export function isShuttleError(error: unknown): error is ShuttleError {
  return error instanceof Error && typeof (error as ShuttleError).code === 'string' && 'hint' in error;
}
