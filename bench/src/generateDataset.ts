import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RedisServer } from '@redis-shuttle/testkit';
import { BenchError } from './BenchError.js';
import { BIG_KEY_TYPES, bigKeyCommands, type KeyType, planKey, valuePool } from './datasetPlan.js';
import { RedisPipe } from './RedisPipe.js';
import { RespWriter } from './respUtils.js';
import { countsDiffer, keyCounts, OWN_SESSION } from './serverUtils.js';
import { DATASET_SEED, type ScaleSpec } from './scales.js';

/** Connections (each a `redis-cli --pipe`) that write the dataset at the same time. */
const CONNECTIONS = 2;
/** Bytes of commands handed to a pipe at once. */
const FLUSH_BYTES = 4 << 20;

export interface GeneratedDataset {
  keys: number;
  keysPerDb: Record<number, number>;
  types: Record<KeyType, number>;
  largeKeys: number;
  keysWithTtl: number;
  rdbBytes: number;
  fillSeconds: number;
  saveSeconds: number;
}

/** Fills a throwaway redis-server with the seeded dataset of `scale`, SAVEs it and copies the RDB to `rdbPath`. */
export async function generateDataset(scale: ScaleSpec, rdbPath: string): Promise<GeneratedDataset> {
  const server = await RedisServer.start({ ...OWN_SESSION, startTimeoutMs: 60_000 });
  try {
    const started = performance.now();
    const pool = valuePool(DATASET_SEED);
    const stats = emptyStats();
    const ranges = splitRange(scale.keys, CONNECTIONS);
    await Promise.all(
      ranges.map(([from, to], i) =>
        fillRange(server, pool, from, to, stats, i === 0 ? scale.bigKeyElements : 0),
      ),
    );
    const fillSeconds = (performance.now() - started) / 1000;
    const actual = await keyCounts(server);
    const difference = countsDiffer(stats.keysPerDb, actual);
    if (difference) throw new BenchError(`the generated dataset is not what was planned: ${difference}`);
    const saveStarted = performance.now();
    const client = server.client();
    await client.call('SAVE');
    const saveSeconds = (performance.now() - saveStarted) / 1000;
    copyFileSync(join(server.dir, 'dump.rdb'), rdbPath);
    return { ...stats, rdbBytes: statSync(rdbPath).size, fillSeconds, saveSeconds };
  } finally {
    await server.stop();
  }
}

type Stats = Omit<GeneratedDataset, 'rdbBytes' | 'fillSeconds' | 'saveSeconds'>;

function emptyStats(): Stats {
  return {
    keys: 0,
    keysPerDb: {},
    types: { string: 0, hash: 0, list: 0, set: 0, zset: 0, stream: 0 },
    largeKeys: 0,
    keysWithTtl: 0,
  };
}

/** Writes keys [from, to) (and the big keys when `bigKeyElements` > 0) through one `redis-cli --pipe`. */
async function fillRange(
  server: RedisServer,
  pool: Buffer,
  from: number,
  to: number,
  stats: Stats,
  bigKeyElements: number,
): Promise<void> {
  const pipe = new RedisPipe(server.host, server.port);
  const writer = new RespWriter();
  let db = 0;
  const flushIfFull = async () => {
    if (writer.size >= FLUSH_BYTES) await pipe.write(writer.take());
  };
  for (let index = from; index < to; index++) {
    const plan = planKey(DATASET_SEED, index, pool);
    if (plan.db !== db) {
      db = plan.db;
      writer.command(['SELECT', db]);
    }
    for (const command of plan.commands) writer.command(command);
    stats.keys++;
    stats.keysPerDb[db] = (stats.keysPerDb[db] ?? 0) + 1;
    stats.types[plan.type]++;
    if (plan.large) stats.largeKeys++;
    if (plan.expireAtMs !== null) stats.keysWithTtl++;
    await flushIfFull();
  }
  if (bigKeyElements > 0) {
    if (db !== 0) writer.command(['SELECT', 0]);
    for (const type of BIG_KEY_TYPES) {
      for (const command of bigKeyCommands(DATASET_SEED, type, bigKeyElements)) {
        writer.command(command);
        await flushIfFull();
      }
      stats.keys++;
      stats.keysPerDb[0] = (stats.keysPerDb[0] ?? 0) + 1;
      stats.types[type]++;
      stats.largeKeys++;
    }
  }
  await pipe.write(writer.take());
  await pipe.end();
}

/** `[from, to)` ranges that cover `0..count` in `parts` nearly equal pieces. */
export function splitRange(count: number, parts: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < parts; i++) {
    ranges.push([Math.floor((count * i) / parts), Math.floor((count * (i + 1)) / parts)]);
  }
  return ranges;
}
