/**
 * The command groups of Redis's `COMMAND DOCS` (`group` field), for the commands that can appear
 * in a replication stream or an AOF: writes, plus the few control commands a stream carries.
 * A command not listed here is in the group `unknown`.
 */
export const COMMAND_GROUP_NAMES = [
  'string',
  'list',
  'set',
  'sorted_set',
  'hash',
  'stream',
  'generic',
  'server',
  'scripting',
  'pubsub',
  'transactions',
  'bitmap',
  'hyperloglog',
  'geo',
  'cluster',
  'connection',
  'unknown',
] as const;

export type CommandGroup = (typeof COMMAND_GROUP_NAMES)[number];

// biome-ignore format: one group per line
const GROUPS: Record<Exclude<CommandGroup, 'unknown'>, string> = {
  string: 'append decr decrby getdel getex getset incr incrby incrbyfloat mset msetnx psetex set setex setnx setrange',
  list: 'blmove blmpop blpop brpop brpoplpush linsert lmove lmpop lpop lpush lpushx lrem lset ltrim rpop rpoplpush rpush rpushx',
  set: 'sadd sdiffstore sinterstore smove spop srem sunionstore',
  sorted_set: 'bzmpop bzpopmax bzpopmin zadd zdiffstore zincrby zinterstore zmpop zpopmax zpopmin zrangestore zrem zremrangebylex zremrangebyrank zremrangebyscore zunionstore',
  hash: 'hdel hexpire hexpireat hgetdel hgetex hincrby hincrbyfloat hmset hpersist hpexpire hpexpireat hset hsetex hsetnx',
  stream: 'xack xackdel xadd xautoclaim xclaim xdel xdelex xgroup xreadgroup xsetid xtrim',
  generic: 'copy del exists expire expireat migrate move persist pexpire pexpireat rename renamenx restore restore-asking sort touch unlink',
  server: 'flushall flushdb swapdb replconf',
  scripting: 'eval evalsha eval_ro evalsha_ro fcall fcall_ro function script',
  pubsub: 'publish spublish',
  transactions: 'multi exec discard',
  bitmap: 'bitfield bitop setbit',
  hyperloglog: 'pfadd pfmerge',
  geo: 'geoadd georadius georadiusbymember geosearchstore',
  cluster: 'asking',
  connection: 'select ping',
};

const GROUP_BY_COMMAND: ReadonlyMap<string, CommandGroup> = new Map(
  Object.entries(GROUPS).flatMap(([group, names]) =>
    names.split(' ').map((name) => [name, group as CommandGroup] as const),
  ),
);

/** The `COMMAND DOCS` group of a lower-case command name, or `unknown`. */
export function commandGroup(name: string): CommandGroup {
  return GROUP_BY_COMMAND.get(name) ?? 'unknown';
}
