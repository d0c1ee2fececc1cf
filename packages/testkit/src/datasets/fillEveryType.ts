import type { Redis } from 'ioredis';

export interface FillOptions {
  /** Databases to fill (default 0, 1 and 15). */
  dbs?: number[];
  /** Multiplies the number of small keys per type (default 1). */
  scale?: number;
  /** Seed of the pseudo-random content (default 1). */
  seed?: number;
}

/** Far-future absolute expiry (2100-01-01), so no key expires while a test runs. */
export const FAR_FUTURE_MS = 4102444800000;

/**
 * Fills a server with every value type in both its small and its large encoding, with TTLs,
 * binary data and integer-encoded strings, in several databases. Deterministic for a seed.
 * Returns the number of keys written per db.
 */
export async function fillEveryType(
  client: Redis,
  options: FillOptions = {},
): Promise<Record<number, number>> {
  const dbs = options.dbs ?? [0, 1, 15];
  const scale = options.scale ?? 1;
  const random = seededRandom(options.seed ?? 1);
  const counts: Record<number, number> = {};
  for (const db of dbs) {
    await client.select(db);
    const p = `db${db}:`;
    const pipe = client.pipeline();
    let keys = 0;
    const ttl = (key: string) => pipe.pexpireat(key, FAR_FUTURE_MS + Math.floor(random() * 1e9));
    for (let i = 0; i < 5 * scale; i++) {
      // strings: int-encoded, short, long, compressible, binary
      pipe.set(`${p}str:int:${i}`, String(i * 1_000_003 - 500));
      pipe.set(`${p}str:short:${i}`, `value-${i}`);
      pipe.set(`${p}str:long:${i}`, randomText(random, 200 + i));
      pipe.set(`${p}str:lzf:${i}`, 'abc'.repeat(2000 + i));
      pipe.set(Buffer.from([0x00, 0xff, 0x0a, i & 0xff]), randomBytes(random, 64 + i));
      // lists: listpack and quicklist (many elements, and big elements)
      pipe.rpush(`${p}list:small:${i}`, 'a', 'b', '1', '-2', String(i));
      pipe.rpush(`${p}list:large:${i}`, ...Array.from({ length: 700 }, (_, j) => `e${j}`));
      pipe.rpush(`${p}list:bigelem:${i}`, 'x'.repeat(9000), randomBytes(random, 100));
      // sets: intset, hashtable, large intset (> set-max-intset-entries)
      pipe.sadd(`${p}set:intset:${i}`, 1, 2, 3, -7, 1 << 20, i);
      pipe.sadd(`${p}set:strings:${i}`, 'alpha', 'beta', 'gamma', randomBytes(random, 20));
      pipe.sadd(`${p}set:large:${i}`, ...Array.from({ length: 600 }, (_, j) => j * 3));
      // sorted sets: listpack and skiplist, special scores
      pipe.zadd(
        `${p}zset:small:${i}`,
        1,
        'one',
        2.5,
        'two',
        '-inf',
        'low',
        '+inf',
        'high',
        0,
        randomBytes(random, 8),
      );
      pipe.zadd(`${p}zset:large:${i}`, ...Array.from({ length: 300 }, (_, j) => [j / 7, `m${j}`]).flat());
      // hashes: listpack and hashtable
      pipe.hset(`${p}hash:small:${i}`, 'f1', 'v1', 'f2', '123', 'bin', randomBytes(random, 10));
      pipe.hset(
        `${p}hash:large:${i}`,
        ...Array.from({ length: 300 }, (_, j) => [`field${j}`, `v${j}`]).flat(),
      );
      pipe.hset(`${p}hash:longvalue:${i}`, 'f', 'y'.repeat(100));
      keys += 16;
      if (i % 2 === 0) {
        ttl(`${p}str:short:${i}`);
        ttl(`${p}list:small:${i}`);
        ttl(`${p}set:intset:${i}`);
        ttl(`${p}zset:large:${i}`);
        ttl(`${p}hash:small:${i}`);
      }
    }
    await pipe.exec();
    keys += await fillStreams(client, p, scale);
    counts[db] = keys;
  }
  await client.select(0);
  return counts;
}

async function fillStreams(client: Redis, p: string, scale: number): Promise<number> {
  let keys = 0;
  for (let i = 0; i < 2 * scale; i++) {
    const key = `${p}stream:${i}`;
    const pipe = client.pipeline();
    for (let j = 1; j <= 250; j++)
      pipe.xadd(key, `${1000 + j}-${j % 3}`, 'field', `value${j}`, 'n', String(j));
    pipe.xdel(key, '1005-2', '1010-1');
    pipe.xgroup('CREATE', key, 'g1', '0');
    pipe.xgroup('CREATE', key, 'g2', '$');
    pipe.xreadgroup('GROUP', 'g1', 'alice', 'COUNT', 5, 'STREAMS', key, '>');
    pipe.xreadgroup('GROUP', 'g1', 'bob', 'COUNT', 3, 'STREAMS', key, '>');
    pipe.xack(key, 'g1', '1001-1');
    pipe.pexpireat(key, FAR_FUTURE_MS);
    await pipe.exec();
    keys++;
  }
  await client.xgroup('CREATE', `${p}stream:empty`, 'g', '$', 'MKSTREAM');
  return keys + 1;
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

function randomBytes(random: () => number, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  return out;
}

function randomText(random: () => number, n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}
