import { join } from 'node:path';
import {
  container,
  defaultPipelineOptions,
  type Entry,
  type KeepaliveStrategy,
  type KeyEntry,
  Pipeline,
  silentLogger,
  TOKENS,
  type ValueType,
} from '@redis-shuttle/core';
import readerPlugin, { rdbReaderConfigSchema } from '@redis-shuttle/reader-rdb';
import type { Deployment, RedisCluster, RedisServer } from '@redis-shuttle/testkit';
import type { Redis } from 'ioredis';
import plugin, {
  type ClusterWriter,
  type ClusterWriterStats,
  clusterWriterConfigSchema,
} from '../src/index.js';

/** A ClusterWriter composed the way the CLI composes it. */
export function createWriter(
  config: Record<string, unknown>,
  strategies: KeepaliveStrategy[] = [],
): ClusterWriter {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: silentLogger });
  scope.register(TOKENS.KeepaliveStrategies, { useValue: strategies });
  plugin.register(scope, clusterWriterConfigSchema.parse(config));
  return scope.resolve(TOKENS.Writer) as ClusterWriter;
}

/** Writes entries with the pipeline's backpressure discipline, then flushes. */
export async function writeAll(
  writer: ClusterWriter,
  entries: AsyncIterable<Entry> | Iterable<Entry>,
): Promise<void> {
  for await (const entry of entries) {
    const pending = writer.write(entry);
    if (pending) await pending;
  }
  await writer.flush();
}

/** Runs reader-rdb → writer-cluster in this process, through core's Pipeline (as the CLI does). */
export async function migrateRdb(
  path: string,
  config: Record<string, unknown>,
  strategies: KeepaliveStrategy[] = [],
  readerConfig: Record<string, unknown> = {},
): Promise<ClusterWriterStats> {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: silentLogger });
  scope.register(TOKENS.PipelineOptions, { useValue: defaultPipelineOptions });
  scope.register(TOKENS.KeepaliveStrategies, { useValue: strategies });
  readerPlugin.register(scope, rdbReaderConfigSchema.parse({ path, ...readerConfig }));
  plugin.register(scope, clusterWriterConfigSchema.parse(config));
  const writer = scope.resolve(TOKENS.Writer) as ClusterWriter;
  await writer.connect();
  try {
    await scope.resolve(Pipeline).run(new AbortController().signal);
    return writer.stats();
  } finally {
    await writer.close();
  }
}

/** SAVEs a standalone server and returns the path of its RDB file. */
export async function saveRdb(server: RedisServer): Promise<string> {
  await server.client().call('SAVE');
  return join(server.dir, 'dump.rdb');
}

/** Fills a server with `count` keys of several types (some with TTL), pipelined. */
export async function fillKeys(
  client: Redis,
  count: number,
  { prefix = 'k', ttl = true } = {},
): Promise<void> {
  for (let start = 0; start < count; start += 2000) {
    const pipe = client.pipeline();
    for (let n = start; n < Math.min(count, start + 2000); n++) {
      const key = `${prefix}:${n}`;
      if (n % 10 === 0) pipe.hset(key, 'a', String(n), 'b', 'x'.repeat(n % 64));
      else if (n % 10 === 1) pipe.rpush(key, 'x', String(n));
      else pipe.set(key, `value-${n}-${'y'.repeat(n % 40)}`);
      if (ttl && n % 7 === 0) pipe.pexpireat(key, 4102444800000 + n);
    }
    await pipe.exec();
  }
}

/** Every key of db 0 of a standalone server as a `key` entry with the server's own DUMP payload. */
export async function* dumpEntries(client: Redis, match = '*'): AsyncGenerator<KeyEntry> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next.toString();
    const pipe = client.pipeline();
    for (const key of keys) pipe.dumpBuffer(key).call('PEXPIRETIME', key).type(key);
    const replies = (await pipe.exec()) ?? [];
    for (let i = 0; i < keys.length; i++) {
      const payload = replies[3 * i]?.[1] as Buffer | null;
      if (!payload) continue;
      const expire = Number(replies[3 * i + 1]?.[1]);
      yield {
        kind: 'key',
        db: 0,
        key: keys[i]!,
        type: replies[3 * i + 2]?.[1] as ValueType,
        expireAtMs: expire > 0 ? expire : null,
        dump: { payload, rdbVersion: payload.readUInt16LE(payload.length - 10), rdbType: payload[0]! },
        complete: true,
      };
    }
  } while (cursor !== '0');
}

/** The cluster as it is now (masters found with CLUSTER NODES through a live node), for compareDeployments. */
export function liveCluster(cluster: RedisCluster, alive = cluster.nodes): Deployment {
  return { nodes: alive.map(({ host, port }) => ({ host, port })), cluster: true };
}

/** Sets a config value on every node of a cluster. */
export async function configSetAll(cluster: RedisCluster, name: string, value: string): Promise<void> {
  await Promise.all(cluster.nodes.map((node) => node.client().config('SET', name, value)));
}

/**
 * Writes each entry once, pausing `pauseMs` every `every` entries while `changing()` says the
 * cluster is changing, and holding the last fifth back until the change is over: writes happen
 * before, during and after it. Returns the index reached when the change was over.
 */
export async function writeAcross(
  writer: ClusterWriter,
  entries: Entry[],
  changing: () => boolean,
  every = 100,
  pauseMs = 2,
): Promise<number> {
  let reached = -1;
  const holdAt = Math.floor(entries.length * 0.8);
  for (let i = 0; i < entries.length; i++) {
    if (reached < 0 && !changing()) reached = i;
    if (i === holdAt) while (changing()) await new Promise((resolve) => setTimeout(resolve, 20));
    const pending = writer.write(entries[i]!);
    if (pending) await pending;
    if (i % every === 0 && changing()) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  await writer.flush();
  return reached < 0 ? entries.length : reached;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * A live stream that shows any reordering or double execution per key: `SET key 0`, then
 * `INCR key` `rounds - 1` times (every fifth one as a MULTI/EXEC), keys interleaved. Every key
 * must end at `rounds - 1`.
 */
export function counterStream(keys: string[], rounds: number): Entry[] {
  const entries: Entry[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const key of keys) {
      const argv = (round === 0 ? ['SET', key, '0'] : ['INCR', key]).map((a) => Buffer.from(a));
      if (round % 5 === 4) entries.push({ kind: 'transaction', db: 0, commands: [argv] });
      else entries.push({ kind: 'command', db: 0, argv });
    }
  }
  return entries;
}

/** The keys whose value is not `expected`, as `key=value`. */
export async function wrongCounters(
  cluster: RedisCluster,
  keys: string[],
  expected: string,
): Promise<string[]> {
  const client = cluster.client();
  const values = await Promise.all(keys.map((key) => client.get(key)));
  return keys.flatMap((key, i) => (values[i] === expected ? [] : [`${key}=${values[i]}`]));
}
