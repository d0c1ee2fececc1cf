/** A redis-server the testkit manages could not be found, started, or reached. */
export class RedisServerError extends Error {
  override readonly name = 'RedisServerError';

  constructor(
    message: string,
    /** The last lines of the server's log (or its stderr), when there is one. */
    readonly logTail: string = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
