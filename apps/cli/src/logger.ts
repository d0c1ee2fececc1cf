import type { Logger } from '@redis-shuttle/core';
import { pino } from 'pino';

/**
 * JSON log lines on standard error (standard output is for results), or into a file.
 * Off a TTY the default level is info (progress lines); on a TTY warn (the live display shows progress).
 */
export function createLogger(level: string | undefined, file?: string): Logger {
  const chosen = level ?? (process.stderr.isTTY ? 'warn' : 'info');
  const destination = file ? pino.destination({ dest: file, mkdir: true, sync: true }) : pino.destination(2);
  return pino({ level: chosen, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
