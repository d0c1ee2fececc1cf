import calculateSlot from 'cluster-key-slot';

/**
 * Where the keys of a write command of the live stream are, so it can be routed by slot.
 * A small table of the write commands a replication stream carries; others are looked up with
 * `COMMAND INFO` (see CommandRouter).
 */
export type KeyRule =
  /** No key: any master takes it. */
  | { kind: 'keyless' }
  /** Applies to the whole dataset: every master. */
  | { kind: 'broadcast' }
  /** Keys from `first` to `last` (negative: from the end) every `step`; `split` says how a cross-slot one splits. */
  | { kind: 'range'; first: number; last: number; step: number; split?: 'each' | 'pairs' }
  /** `numkeys` at `at`, keys after it (EVAL, FCALL, LMPOP); `dest` is an extra key before (ZUNIONSTORE). */
  | { kind: 'numkeys'; at: number; dest?: number }
  /** Explicit positions (XGROUP CREATE key ...). */
  | { kind: 'at'; positions: number[] };

const FIRST: KeyRule = { kind: 'range', first: 1, last: 1, step: 1 };
const rules = new Map<string, KeyRule>();
const set = (names: string, rule: KeyRule) => {
  for (const name of names.split(' ')) rules.set(name, rule);
};
set(
  'SET SETNX SETEX PSETEX GETSET GETDEL GETEX APPEND INCR INCRBY INCRBYFLOAT DECR DECRBY SETRANGE SETBIT ' +
    'BITFIELD EXPIRE PEXPIRE EXPIREAT PEXPIREAT PERSIST HSET HSETNX HMSET HDEL HINCRBY HINCRBYFLOAT HEXPIRE ' +
    'HPEXPIRE HEXPIREAT HPEXPIREAT HPERSIST LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LSET LREM LTRIM LINSERT SADD ' +
    'SREM SPOP ZADD ZREM ZINCRBY ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX ZPOPMIN ZPOPMAX XADD XDEL ' +
    'XTRIM XSETID XACK XCLAIM XAUTOCLAIM PFADD GEOADD RESTORE',
  FIRST,
);
set('DEL UNLINK TOUCH', { kind: 'range', first: 1, last: -1, step: 1, split: 'each' });
set('MSET', { kind: 'range', first: 1, last: -1, step: 2, split: 'pairs' });
set('MSETNX', { kind: 'range', first: 1, last: -1, step: 2 });
set('RENAME RENAMENX LMOVE RPOPLPUSH SMOVE COPY ZRANGESTORE GEOSEARCHSTORE', {
  kind: 'range',
  first: 1,
  last: 2,
  step: 1,
});
set('SINTERSTORE SUNIONSTORE SDIFFSTORE PFMERGE', { kind: 'range', first: 1, last: -1, step: 1 });
set('BITOP', { kind: 'range', first: 2, last: -1, step: 1 });
set('EVAL EVALSHA EVAL_RO EVALSHA_RO FCALL FCALL_RO', { kind: 'numkeys', at: 2 });
set('LMPOP ZMPOP', { kind: 'numkeys', at: 1 });
set('ZUNIONSTORE ZINTERSTORE ZDIFFSTORE', { kind: 'numkeys', at: 2, dest: 1 });
set('XGROUP', { kind: 'at', positions: [2] });
set('FLUSHALL FLUSHDB FUNCTION SCRIPT', { kind: 'broadcast' });
set('PING SELECT PUBLISH MULTI EXEC', { kind: 'keyless' });

/** The rule for a command name (upper case), when the table knows it. */
export function knownRule(name: string): KeyRule | undefined {
  return rules.get(name);
}

/** The argv indexes holding keys. */
export function keyPositions(argv: Buffer[], rule: KeyRule): number[] {
  const positions: number[] = [];
  switch (rule.kind) {
    case 'keyless':
    case 'broadcast':
      return positions;
    case 'range': {
      const last = rule.last < 0 ? argv.length + rule.last : Math.min(rule.last, argv.length - 1);
      for (let i = rule.first; i <= last; i += rule.step) positions.push(i);
      return positions;
    }
    case 'numkeys': {
      if (rule.dest !== undefined && rule.dest < argv.length) positions.push(rule.dest);
      const count = Number(argv[rule.at]?.toString() ?? 0);
      for (let i = 0; i < count && rule.at + 1 + i < argv.length; i++) positions.push(rule.at + 1 + i);
      return positions;
    }
    case 'at':
      return rule.positions.filter((p) => p < argv.length);
  }
}

export function slotOf(key: Buffer): number {
  return calculateSlot(key);
}

/** One command of a split: its slot and argv. */
export interface SlotPart {
  slot: number;
  argv: Buffer[];
}

export type CommandPlan =
  | { kind: 'keyless' }
  | { kind: 'broadcast' }
  | { kind: 'parts'; parts: SlotPart[]; split: boolean }
  | { kind: 'cross-slot' };

/**
 * Routes one command: a single slot, or, for commands whose meaning allows it (DEL, UNLINK,
 * TOUCH, MSET), one command per slot in the order the slots first appear; otherwise cross-slot.
 */
export function planCommand(argv: Buffer[], rule: KeyRule): CommandPlan {
  if (rule.kind === 'keyless' || rule.kind === 'broadcast') return { kind: rule.kind };
  const positions = keyPositions(argv, rule);
  if (positions.length === 0) return { kind: 'keyless' };
  const first = slotOf(argv[positions[0]!]!);
  let single = true;
  for (let i = 1; i < positions.length && single; i++) single = slotOf(argv[positions[i]!]!) === first;
  if (single) return { kind: 'parts', parts: [{ slot: first, argv }], split: false };
  const split = rule.kind === 'range' ? rule.split : undefined;
  if (!split) return { kind: 'cross-slot' };
  const bySlot = new Map<number, Buffer[]>();
  for (const position of positions) {
    const slot = slotOf(argv[position]!);
    let part = bySlot.get(slot);
    if (!part) {
      part = [argv[0]!];
      bySlot.set(slot, part);
    }
    part.push(argv[position]!);
    if (split === 'pairs' && argv[position + 1]) part.push(argv[position + 1]!);
  }
  return { kind: 'parts', parts: [...bySlot].map(([slot, part]) => ({ slot, argv: part })), split: true };
}

/** A rule from `COMMAND INFO` (legacy first/last/step); undefined when the keys are movable. */
export function ruleFromCommandInfo(info: unknown): KeyRule | undefined {
  if (!Array.isArray(info) || info.length < 6) return undefined;
  const flags = (info[2] as unknown[]).map(String);
  const [first, last, step] = [Number(info[3]), Number(info[4]), Number(info[5])];
  if (flags.includes('movablekeys')) return undefined;
  if (first === 0) return { kind: 'keyless' };
  return { kind: 'range', first, last, step: step || 1 };
}
