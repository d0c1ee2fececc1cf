/**
 * Where the keys of a write command are, for filtering a live stream by key.
 *
 * - Splittable commands (`DEL`, `UNLINK`, `EXISTS`, `TOUCH`: every argument is a key; `MSET`,
 *   `MSETNX`: key/value pairs) can lose some keys and keep the others.
 * - Every other command is kept or dropped as a whole, by its first key: argument 1 for most,
 *   argument 2 for `BITOP` and `XGROUP`, 3 for `MIGRATE`, the first of the `numkeys` keys for
 *   `EVAL`, `FCALL`, `LMPOP`, ...
 * - Commands without keys (`FLUSHALL`, `SWAPDB`, `FUNCTION`, `PUBLISH`, `SELECT`, `EVAL` with 0
 *   keys, ...) are not filtered by key.
 */
export interface SplitSpec {
  /** Index of the first key. */
  first: number;
  /** Arguments per key (2 for MSET's key/value pairs). */
  step: number;
}

const SPLITTABLE: ReadonlyMap<string, SplitSpec> = new Map([
  ['del', { first: 1, step: 1 }],
  ['unlink', { first: 1, step: 1 }],
  ['exists', { first: 1, step: 1 }],
  ['touch', { first: 1, step: 1 }],
  ['mset', { first: 1, step: 2 }],
  ['msetnx', { first: 1, step: 2 }],
]);

const NO_KEYS = new Set([
  'flushall',
  'flushdb',
  'swapdb',
  'select',
  'ping',
  'multi',
  'exec',
  'discard',
  'function',
  'script',
  'publish',
  'spublish',
  'replconf',
  'asking',
]);

/** `numkeys` at this index, keys right after it. */
const NUMKEYS_AT: ReadonlyMap<string, number> = new Map([
  ['eval', 2],
  ['evalsha', 2],
  ['eval_ro', 2],
  ['evalsha_ro', 2],
  ['fcall', 2],
  ['fcall_ro', 2],
  ['lmpop', 1],
  ['zmpop', 1],
  ['blmpop', 2],
  ['bzmpop', 2],
]);

export function splitSpec(name: string): SplitSpec | undefined {
  return SPLITTABLE.get(name);
}

/** Index of the command's first key in `argv`, or -1 when it has none. */
export function firstKeyIndex(name: string, argv: Buffer[]): number {
  if (NO_KEYS.has(name)) return -1;
  const numkeysAt = NUMKEYS_AT.get(name);
  let index = 1;
  if (numkeysAt !== undefined) {
    const numkeys = Number(argv[numkeysAt]?.toString('latin1'));
    index = numkeys > 0 ? numkeysAt + 1 : -1;
  } else if (name === 'bitop' || name === 'xgroup') index = 2;
  else if (name === 'migrate') index = 3;
  return index >= 0 && index < argv.length ? index : -1;
}
