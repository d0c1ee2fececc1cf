import type { Filter } from '../contracts/Filter.js';
import type { CommandEntry, Entry } from '../entry/Entry.js';
import { firstKeyIndex, splitSpec } from './commandKeys.js';
import { commandName, filterTransaction } from './filterUtils.js';
import { KeyMatcher, type KeyRules } from './KeyMatcher.js';

/**
 * Keeps the keys that pass the allow and block lists (see KeyMatcher).
 *
 * - `key` and `value-chunk` entries: by their key.
 * - `command` entries: `DEL`, `UNLINK`, `EXISTS`, `TOUCH`, `MSET` and `MSETNX` keep only the
 *   allowed keys (dropped when none is left); every other command is kept or dropped as a whole
 *   by its first key; commands without keys pass (see commandKeys.ts).
 * - `transaction` entries: the same per command; dropped when no command (other than SELECT) is left.
 * - `function` entries pass.
 */
export class KeyFilter implements Filter {
  readonly name = 'keys';
  private readonly matcher: KeyMatcher;

  constructor(rules: KeyRules) {
    this.matcher = new KeyMatcher(rules);
  }

  // Hot path: a passing key entry returns itself without allocating.
  apply(entry: Entry): Entry | null {
    switch (entry.kind) {
      case 'key':
      case 'value-chunk':
        return this.matcher.allows(entry.key) ? entry : null;
      case 'command': {
        const argv = this.filterCommand(entry.argv);
        if (argv === entry.argv) return entry;
        return argv === null ? null : ({ kind: 'command', db: entry.db, argv } satisfies CommandEntry);
      }
      case 'transaction':
        return filterTransaction(entry, (argv) => this.filterCommand(argv));
      default:
        return entry;
    }
  }

  /** The command itself, a copy without the keys that do not pass, or null. */
  private filterCommand(argv: Buffer[]): Buffer[] | null {
    const name = commandName(argv);
    const split = splitSpec(name);
    if (split === undefined) {
      const index = firstKeyIndex(name, argv);
      return index === -1 || this.matcher.allows(argv[index]!) ? argv : null;
    }
    let kept: Buffer[] | undefined;
    let any = false;
    for (let i = split.first; i < argv.length; i += split.step) {
      if (this.matcher.allows(argv[i]!)) {
        any = true;
        if (kept) for (let j = 0; j < split.step; j++) if (argv[i + j]) kept.push(argv[i + j]!);
      } else {
        kept ??= argv.slice(0, i);
      }
    }
    if (!any) return null;
    return kept ?? argv;
  }
}
