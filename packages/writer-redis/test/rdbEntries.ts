import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { KeyEntry } from '@redis-shuttle/core';
import { parseRdb } from '@redis-shuttle/rdb-parser';

/** The keys of an RDB fixture (gzipped or not) as the RDB reader makes them: entries with DUMP payloads. */
export async function* rdbEntries(path: string): AsyncGenerator<KeyEntry> {
  let db = 0;
  let version = 0;
  const input = path.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  for await (const event of parseRdb(input, { mode: 'raw' })) {
    if (event.kind === 'header') version = event.version;
    if (event.kind === 'select-db') db = event.db;
    if (event.kind !== 'key') continue;
    yield {
      kind: 'key',
      db,
      key: event.key,
      type: event.type as KeyEntry['type'],
      expireAtMs: event.expireAtMs,
      dump: { payload: event.payload!, rdbVersion: version, rdbType: event.rdbType },
      complete: true,
    };
  }
}
