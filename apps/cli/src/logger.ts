import type { Logger } from '@redis-shuttle/core';
import { pino } from 'pino';

/** JSON log lines on standard error (standard output is for results). */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}
