import type { Filter } from '../contracts/Filter.js';
import type { Entry, TransactionEntry } from '../entry/Entry.js';
import { isSelect } from './filterUtils.js';

/**
 * Moves entries from a source db to a target db, e.g. `{ 3: 0, 5: 0 }` writes dbs 3 and 5 into
 * db 0. SELECTs inside a transaction are mapped too. Arguments that name a db inside other
 * commands (`MOVE`, `COPY ... DB`, `SWAPDB`) are not rewritten. `function` entries pass.
 */
export class DbMapFilter implements Filter {
  readonly name = 'db-map';
  private readonly map: ReadonlyMap<number, number>;

  constructor(map: ReadonlyMap<number, number> | Record<number, number>) {
    this.map =
      map instanceof Map
        ? map
        : new Map(Object.entries(map).map(([from, to]) => [Number(from), to as number] as const));
  }

  target(db: number): number {
    return this.map.get(db) ?? db;
  }

  apply(entry: Entry): Entry {
    if (entry.kind === 'function') return entry;
    if (entry.kind === 'transaction') return this.mapTransaction(entry);
    const db = this.target(entry.db);
    return db === entry.db ? entry : { ...entry, db };
  }

  private mapTransaction(entry: TransactionEntry): Entry {
    const db = this.target(entry.db);
    let commands = entry.commands;
    for (let i = 0; i < commands.length; i++) {
      const argv = commands[i]!;
      if (!isSelect(argv)) continue;
      const from = Number(argv[1]?.toString('latin1'));
      const to = this.target(from);
      if (to === from) continue;
      if (commands === entry.commands) commands = [...commands];
      commands[i] = [argv[0]!, Buffer.from(String(to))];
    }
    return db === entry.db && commands === entry.commands ? entry : { kind: 'transaction', db, commands };
  }
}
