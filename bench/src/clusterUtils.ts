import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import {
  compareDeployments,
  type Deployment,
  keySlot,
  type RedisCluster,
  RedisServer,
} from '@redis-shuttle/testkit';
import { BenchError, VerificationError } from './BenchError.js';
import { restoreCommandsOfDb } from './buildRestoreFile.js';
import type { BenchContext } from './types.js';
import { OWN_SESSION } from './serverUtils.js';

/** Masters of every cluster the bench starts. */
export const CLUSTER_MASTERS = 3;

/**
 * A server loaded from the dataset's RDB with db 1 moved into db 0: what a cluster target (db 0
 * only, filled with `--db-map 1:0`) is compared with. The generator numbers keys across dbs, so
 * no db 1 key collides with a db 0 key (MOVE would refuse it, and this throws). Stop it after use.
 */
export async function startMergedSource(ctx: BenchContext): Promise<RedisServer> {
  const server = await RedisServer.start({
    ...OWN_SESSION,
    rdbFile: ctx.dataset.rdbPath,
    startTimeoutMs: 600_000,
  });
  try {
    const client = server.client({ db: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 1000);
        cursor = String(next);
        if (keys.length === 0) continue;
        const pipeline = client.pipeline();
        for (const key of keys) pipeline.move(key, 0);
        const replies = (await pipeline.exec()) ?? [];
        if (replies.some(([error, moved]) => error || moved !== 1)) {
          throw new BenchError('a db 1 key of the dataset collides with a db 0 key: it cannot be merged');
        }
      } while (cursor !== '0');
    } finally {
      client.disconnect();
    }
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Throws VerificationError unless `target` equals `source`. */
export async function verifyEqual(source: Deployment, target: Deployment, what: string): Promise<void> {
  const result = await compareDeployments(source, target, { maxReportedDifferences: 10 });
  if (!result.equal) {
    throw new VerificationError(
      `${what}: the target differs from the source:\n  ${result.differences.join('\n  ')}`,
    );
  }
}

/**
 * One RESP file of `RESTORE ... REPLACE ABSTTL` per master of `cluster` (no SELECT: every db of the
 * source goes to db 0), each holding the keys of that master's slots. Cached next to `basePath`
 * (`<base>-cluster<i>of<n>.resp`), since the slot split only depends on the number of masters.
 */
export async function buildClusterRestoreFiles(
  source: RedisServer,
  keysPerDb: Record<number, number>,
  cluster: RedisCluster,
  basePath: string,
): Promise<string[]> {
  const n = cluster.slotRanges.length;
  const paths = cluster.slotRanges.map((_, i) => basePath.replace(/\.resp$/, `-cluster${i + 1}of${n}.resp`));
  if (paths.every((path) => existsSync(path))) return paths;
  const outs = paths.map((path) => createWriteStream(`${path}.partial`, { highWaterMark: 1 << 20 }));
  const owner = new Int8Array(16384);
  cluster.slotRanges.forEach(([start, end], i) => {
    owner.fill(i, start, end + 1);
  });
  for (const db of Object.keys(keysPerDb).map(Number)) {
    const written = await restoreCommandsOfDb(source, db, async (bytes, key) => {
      const out = outs[owner[keySlot(key)]!]!;
      if (!out.write(bytes)) await once(out, 'drain');
    });
    if (written !== keysPerDb[db]) {
      for (const out of outs) out.destroy();
      throw new BenchError(`db${db} of the source has ${written} keys, ${keysPerDb[db]} expected`);
    }
  }
  await Promise.all(
    outs.map(async (out) => {
      out.end();
      await once(out, 'finish');
    }),
  );
  for (const path of paths) renameSync(`${path}.partial`, path);
  return paths;
}
