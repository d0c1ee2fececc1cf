import type { Entry } from '@redis-shuttle/core';
import type { RdbEvent } from '@redis-shuttle/rdb-parser';

/** The entry an event of the RDB part of an AOF (preamble or base file) becomes, if any. */
export function entryOfRdbEvent(event: RdbEvent, rdbVersion: number): Entry | undefined {
  if (event.kind === 'key') {
    return {
      kind: 'key',
      db: event.db,
      key: event.key,
      type: event.type,
      expireAtMs: event.expireAtMs,
      ...(event.idle !== undefined ? { idleSeconds: event.idle } : {}),
      ...(event.freq !== undefined ? { freq: event.freq } : {}),
      dump: { payload: event.payload!, rdbVersion, rdbType: event.rdbType },
      complete: true,
      sourceOffset: event.offset,
    };
  }
  if (event.kind === 'function') return { kind: 'function', code: event.code };
  return undefined;
}
