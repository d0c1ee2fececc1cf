import type { KeyEntry, ValueType } from '@redis-shuttle/core';
import type { Redis } from 'ioredis';

/** Reads every key of a server as `key` entries with the server's own DUMP payloads. */
export async function* dumpEntries(client: Redis, dbs: number[] = [0, 1, 15]): AsyncGenerator<KeyEntry> {
  for (const db of dbs) {
    await client.select(db);
    let cursor = '0';
    do {
      const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 1000);
      cursor = next.toString();
      const pipe = client.pipeline();
      for (const key of keys) {
        pipe.dumpBuffer(key);
        pipe.call('PEXPIRETIME', key);
        pipe.type(key);
      }
      const replies = (await pipe.exec()) ?? [];
      for (let i = 0; i < keys.length; i++) {
        const payload = replies[3 * i]?.[1] as Buffer;
        const expire = Number(replies[3 * i + 1]?.[1]);
        const type = replies[3 * i + 2]?.[1] as ValueType;
        const rdbVersion = payload[payload.length - 10]! | (payload[payload.length - 9]! << 8);
        yield {
          kind: 'key',
          db,
          key: keys[i]!,
          type,
          expireAtMs: expire > 0 ? expire : null,
          dump: { payload, rdbVersion, rdbType: payload[0]! },
          complete: true,
        };
      }
    } while (cursor !== '0');
  }
  await client.select(0);
}
