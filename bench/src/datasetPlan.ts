import { Prng } from './Prng.js';
import type { RespArg } from './respUtils.js';

/**
 * What the generated dataset holds, key by key: a pure function of the seed and the key's index,
 * so any range of keys can be generated on its own connection and every run makes the same data.
 *
 * Mix (of ordinary keys): 60 % strings (a quarter of them integers), 10 % hashes, 10 % lists,
 * 10 % sets (half of them intsets), 8 % sorted sets, 2 % streams (40 % with a consumer group and
 * pending entries); 1 % of keys are large collections of 1,000+ elements; 20 % have a TTL in the
 * far future; 10 % live in db 1, the rest in db 0.
 * HOT PATH: runs for every generated key.
 */
export type KeyType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';

export interface KeyPlan {
  db: number;
  key: string;
  type: KeyType;
  /** Elements of a collection (1 for a string). */
  elements: number;
  large: boolean;
  /** Absolute expiry in ms, or null. */
  expireAtMs: number | null;
  /** The commands that create the key (and set its TTL), in order. */
  commands: RespArg[][];
}

/** 2100-01-01T00:00:00Z: TTLs start here, so nothing expires during a run. */
export const FAR_FUTURE_MS = Date.UTC(2100, 0, 1);

/** Most elements per command: big values are written in several commands. */
export const ELEMENTS_PER_COMMAND = 500;

const POOL_BYTES = 1 << 20;
const MAX_SLICE = 2048;

/** Random bytes that values are cut from (each value is incompressible, like real payloads). */
export function valuePool(seed: number): Buffer {
  const rng = new Prng(seed ^ 0x7f4a7c15);
  const pool = Buffer.allocUnsafe(POOL_BYTES + MAX_SLICE);
  for (let i = 0; i < pool.length; i += 4) pool.writeUInt32LE(rng.nextUint32(), i);
  return pool;
}

export function planKey(seed: number, index: number, pool: Buffer): KeyPlan {
  const rng = Prng.forItem(seed, index);
  const db = rng.next() < 0.1 ? 1 : 0;
  const withTtl = rng.next() < 0.2;
  const large = rng.next() < 0.01;
  const type = large ? LARGE_TYPES[rng.int(0, LARGE_TYPES.length - 1)]! : pickType(rng.next());
  const key = `${PREFIX[type]}:${index}`;
  const build = BUILDERS[type];
  const { commands, elements } = build(key, rng, pool, large, index);
  const expireAtMs = withTtl ? FAR_FUTURE_MS + rng.int(0, 1_000_000_000) : null;
  if (expireAtMs !== null) commands.push(['PEXPIREAT', key, expireAtMs]);
  return { db, key, type, elements, large, expireAtMs, commands };
}

/** The commands of one of the three big keys, `count` elements each, in batches. */
export function* bigKeyCommands(
  seed: number,
  type: 'hash' | 'zset' | 'list',
  count: number,
): Generator<RespArg[]> {
  const rng = new Prng(seed ^ BIG_SEEDS[type]);
  const pool = valuePool(seed);
  const key = `big:${type}`;
  for (let start = 0; start < count; start += 1000) {
    const end = Math.min(count, start + 1000);
    const command: RespArg[] = [BIG_COMMANDS[type], key];
    for (let j = start; j < end; j++) {
      if (type === 'hash') command.push(`f${j}`, slice(rng, pool, 8, 24));
      else if (type === 'zset') command.push(rng.int(0, 10_000_000), `m${j}`);
      else command.push(slice(rng, pool, 8, 24));
    }
    yield command;
  }
}

export const BIG_KEY_TYPES = ['hash', 'zset', 'list'] as const;

const BIG_SEEDS = { hash: 0x1111, zset: 0x2222, list: 0x3333 } as const;
const BIG_COMMANDS = { hash: 'HSET', zset: 'ZADD', list: 'RPUSH' } as const;
const LARGE_TYPES: KeyType[] = ['hash', 'list', 'set', 'zset'];
const PREFIX: Record<KeyType, string> = {
  string: 's',
  hash: 'h',
  list: 'l',
  set: 'S',
  zset: 'z',
  stream: 'x',
};

function pickType(roll: number): KeyType {
  if (roll < 0.6) return 'string';
  if (roll < 0.7) return 'hash';
  if (roll < 0.8) return 'list';
  if (roll < 0.9) return 'set';
  if (roll < 0.98) return 'zset';
  return 'stream';
}

function slice(rng: Prng, pool: Buffer, min: number, max: number): Buffer {
  const length = rng.int(min, max);
  const offset = rng.int(0, POOL_BYTES - 1);
  return pool.subarray(offset, offset + length);
}

interface Built {
  commands: RespArg[][];
  elements: number;
}

type Builder = (key: string, rng: Prng, pool: Buffer, large: boolean, index: number) => Built;

function collectionSize(rng: Prng, large: boolean, min: number, max: number): number {
  return large ? rng.int(1000, 1400) : rng.int(min, max);
}

/** Splits `count` elements of `argsPerElement` arguments into commands of at most ELEMENTS_PER_COMMAND. */
function batched(head: RespArg[], count: number, element: (j: number, args: RespArg[]) => void): RespArg[][] {
  const commands: RespArg[][] = [];
  for (let start = 0; start < count; start += ELEMENTS_PER_COMMAND) {
    const args = [...head];
    for (let j = start; j < Math.min(count, start + ELEMENTS_PER_COMMAND); j++) element(j, args);
    commands.push(args);
  }
  return commands;
}

const BUILDERS: Record<KeyType, Builder> = {
  string(key, rng, pool) {
    if (rng.next() < 0.25)
      return { commands: [['SET', key, rng.int(-1_000_000, 1_000_000_000)]], elements: 1 };
    return { commands: [['SET', key, slice(rng, pool, 40, 440)]], elements: 1 };
  },
  hash(key, rng, pool, large) {
    const n = collectionSize(rng, large, 5, 30);
    return {
      commands: batched(['HSET', key], n, (j, a) => a.push(`f${j}`, slice(rng, pool, 8, large ? 32 : 64))),
      elements: n,
    };
  },
  list(key, rng, pool, large) {
    const n = collectionSize(rng, large, 5, 50);
    return {
      commands: batched(['RPUSH', key], n, (_j, a) => a.push(slice(rng, pool, 8, large ? 32 : 64))),
      elements: n,
    };
  },
  set(key, rng, pool, large) {
    if (!large && rng.next() < 0.5) {
      // Integers only, at most 512: an intset.
      const n = rng.int(5, 200);
      const members = new Set<number>();
      while (members.size < n) members.add(rng.int(0, 1_000_000_000));
      return { commands: [['SADD', key, ...members]], elements: n };
    }
    const n = collectionSize(rng, large, 5, 40);
    return { commands: batched(['SADD', key], n, (j, a) => a.push(member(j, rng, pool))), elements: n };
  },
  zset(key, rng, pool, large) {
    const n = collectionSize(rng, large, 5, 50);
    return {
      commands: batched(['ZADD', key], n, (j, a) => a.push(rng.int(0, 1_000_000) / 8, member(j, rng, pool))),
      elements: n,
    };
  },
  stream(key, rng, pool, _large, index) {
    const n = rng.int(5, 30);
    const baseMs = 1_700_000_000_000 + index;
    const commands: RespArg[][] = [];
    for (let j = 0; j < n; j++) {
      const fields: RespArg[] = [];
      const fieldCount = rng.int(1, 4);
      for (let f = 0; f < fieldCount; f++) fields.push(`field${f}`, slice(rng, pool, 8, 48));
      commands.push(['XADD', key, `${baseMs}-${j}`, ...fields]);
    }
    if (rng.next() < 0.4) {
      commands.push(['XGROUP', 'CREATE', key, 'group-a', '0']);
      commands.push([
        'XREADGROUP',
        'GROUP',
        'group-a',
        'consumer-1',
        'COUNT',
        rng.int(1, n),
        'STREAMS',
        key,
        '>',
      ]);
    }
    return { commands, elements: n };
  },
};

/** A collection member: unique by its prefix, then random bytes. */
function member(j: number, rng: Prng, pool: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`m${j}:`, 'latin1'), slice(rng, pool, 4, 20)]);
}
