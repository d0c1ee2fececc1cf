import type { Filter } from '../contracts/Filter.js';
import type { Entry } from '../entry/Entry.js';
import { type CommandGroup, commandGroup } from './commandGroups.js';
import { commandName, filterTransaction, isSelect } from './filterUtils.js';

export interface CommandRules {
  /** Command names (any case). When any allow rule is set, a command must match one. */
  allowCommands?: string[];
  /** `COMMAND DOCS` groups: `string`, `list`, `sorted_set`, `scripting`, ... */
  allowCommandGroups?: CommandGroup[];
  blockCommands?: string[];
  blockCommandGroups?: CommandGroup[];
}

/**
 * Filters the live stream by command name and command group (see commandGroups.ts; a command
 * not in the table is in the group `unknown`). `command` entries are kept or dropped;
 * transactions are filtered per command (SELECTs stay) and dropped when nothing is left.
 * Snapshot entries (`key`, `value-chunk`, `function`) pass.
 */
export class CommandFilter implements Filter {
  readonly name = 'commands';
  private readonly allowNames: Set<string>;
  private readonly allowGroups: Set<string>;
  private readonly blockNames: Set<string>;
  private readonly blockGroups: Set<string>;
  private readonly hasAllow: boolean;

  constructor(rules: CommandRules) {
    const lower = (names: string[] = []) => new Set(names.map((n) => n.toLowerCase()));
    this.allowNames = lower(rules.allowCommands);
    this.allowGroups = new Set(rules.allowCommandGroups ?? []);
    this.blockNames = lower(rules.blockCommands);
    this.blockGroups = new Set(rules.blockCommandGroups ?? []);
    this.hasAllow = this.allowNames.size + this.allowGroups.size > 0;
  }

  allows(name: string): boolean {
    const group = commandGroup(name);
    if (this.hasAllow && !this.allowNames.has(name) && !this.allowGroups.has(group)) return false;
    return !this.blockNames.has(name) && !this.blockGroups.has(group);
  }

  apply(entry: Entry): Entry | null {
    if (entry.kind === 'command') return this.allows(commandName(entry.argv)) ? entry : null;
    if (entry.kind === 'transaction') {
      return filterTransaction(entry, (argv) =>
        isSelect(argv) || this.allows(commandName(argv)) ? argv : null,
      );
    }
    return entry;
  }
}
