import type { Filter } from '../contracts/Filter.js';
import type { Entry } from '../entry/Entry.js';
import { filterTransaction } from './filterUtils.js';

export interface DbRules {
  /** When set, only these dbs pass. */
  allowDbs?: number[];
  /** These dbs are dropped. */
  blockDbs?: number[];
}

/**
 * Keeps the entries of the allowed dbs and drops those of blocked ones. A transaction that
 * SELECTs another db is filtered per command; `function` entries (no db) pass.
 */
export class DbFilter implements Filter {
  readonly name = 'dbs';
  private readonly allow: Set<number> | undefined;
  private readonly block: Set<number>;

  constructor(rules: DbRules) {
    this.allow = rules.allowDbs && rules.allowDbs.length > 0 ? new Set(rules.allowDbs) : undefined;
    this.block = new Set(rules.blockDbs ?? []);
  }

  allows(db: number): boolean {
    return (this.allow === undefined || this.allow.has(db)) && !this.block.has(db);
  }

  // Hot path: two Set lookups, no allocation unless a transaction spans dbs.
  apply(entry: Entry): Entry | null {
    if (entry.kind === 'function') return entry;
    if (entry.kind === 'transaction') {
      return filterTransaction(entry, (argv, db) => (this.allows(db) ? argv : null));
    }
    return this.allows(entry.db) ? entry : null;
  }
}
