import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import type { RedisServer } from '@redis-shuttle/testkit';
import { BenchError } from './BenchError.js';
import { encodeRestore, encodeSelect } from './respUtils.js';

/** Keys DUMPed per pipeline. */
const BATCH = 1000;

/**
 * Writes `SELECT db` + `RESTORE key ttl payload REPLACE ABSTTL` for every key of `source` to `path`
 * (what `redis-cli --pipe` replays), unless the file exists. Binary-safe: keys and payloads stay Buffers.
 */
export async function buildRestoreFile(
  source: RedisServer,
  keysPerDb: Record<number, number>,
  path: string,
): Promise<{ path: string; bytes: number; built: boolean }> {
  const built = !existsSync(path);
  if (built) {
    const partial = `${path}.partial`;
    const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
    const write = async (bytes: Buffer) => {
      if (!out.write(bytes)) await once(out, 'drain');
    };
    for (const db of Object.keys(keysPerDb)
      .map(Number)
      .sort((a, b) => a - b)) {
      await write(encodeSelect(db));
      const written = await restoreCommandsOfDb(source, db, write);
      if (written !== keysPerDb[db]) {
        out.destroy();
        throw new BenchError(`db${db} of the source has ${written} keys, ${keysPerDb[db]} expected`);
      }
    }
    out.end();
    await once(out, 'finish');
    renameSync(partial, path);
  }
  return { path, bytes: statSync(path).size, built };
}

/** Writes a RESTORE command for every key of `db` of `source`; returns how many. `write` gets the key too. */
export async function restoreCommandsOfDb(
  source: RedisServer,
  db: number,
  write: (bytes: Buffer, key: Buffer) => Promise<void>,
): Promise<number> {
  const client = source.client({ db });
  let written = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scanBuffer(cursor, 'COUNT', BATCH);
      cursor = String(next);
      if (keys.length === 0) continue;
      const pipeline = client.pipeline();
      for (const key of keys) pipeline.dumpBuffer(key).pexpiretime(key);
      const replies = (await pipeline.exec()) ?? [];
      for (let i = 0; i < keys.length; i++) {
        const [dumpError, payload] = replies[2 * i]!;
        const [ttlError, expireAt] = replies[2 * i + 1]!;
        if (dumpError || ttlError) throw dumpError ?? ttlError;
        if (payload === null) continue; // deleted since the scan (nothing expires in the dataset)
        await write(encodeRestore(keys[i]!, Number(expireAt), payload as Buffer), keys[i]!);
        written++;
      }
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return written;
}
