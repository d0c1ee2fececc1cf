import type { CommandEntry, TransactionEntry } from '@redis-shuttle/core';

/** `REPLCONF GETACK`: the link answers with `REPLCONF ACK <offset>`. */
export const GETACK = Symbol('REPLCONF GETACK');

/**
 * What one command of the replication stream means for the reader: an entry to hand on, GETACK,
 * or null (handled here: SELECT, PING, MULTI, a command queued in a transaction).
 */
export type Translation = CommandEntry | TransactionEntry | typeof GETACK | null;

/**
 * Turns the master's commands into entries: SELECT sets the db of what follows (and is not
 * forwarded), MULTI … EXEC becomes one transaction entry, PING and REPLCONF are answered by
 * the link, not forwarded; everything else is a command entry, in stream order.
 *
 * A SELECT inside MULTI … EXEC is kept inside the transaction, which then ends with a SELECT
 * back to the transaction's db, so the writer's idea of the connection's db stays right.
 * Hot path: command names are compared by length first, without making strings, and a command
 * becomes its entry with no other allocation.
 */
export class CommandStreamTranslator {
  private transaction: { db: number; commands: Buffer[][] } | undefined;

  constructor(public db = 0) {}

  /** True between MULTI and EXEC. */
  get inTransaction(): boolean {
    return this.transaction !== undefined;
  }

  accept(argv: Buffer[]): Translation {
    const name = argv[0];
    if (name === undefined) return null;
    switch (name.length) {
      case 4:
        if (is(name, 'PING')) return null;
        if (is(name, 'EXEC')) return this.exec();
        break;
      case 5:
        if (is(name, 'MULTI')) {
          this.transaction = { db: this.db, commands: [] };
          return null;
        }
        break;
      case 6:
        if (is(name, 'SELECT')) {
          this.db = Number(argv[1]?.toString() ?? 0);
          if (this.transaction) this.transaction.commands.push(argv);
          return null;
        }
        break;
      case 8:
        if (is(name, 'REPLCONF')) {
          const sub = argv[1];
          return sub && sub.length === 6 && is(sub, 'GETACK') ? GETACK : null;
        }
        break;
    }
    if (this.transaction) {
      this.transaction.commands.push(argv);
      return null;
    }
    return { kind: 'command', db: this.db, argv };
  }

  private exec(): Translation {
    const tx = this.transaction;
    this.transaction = undefined;
    if (!tx) return null; // EXEC without MULTI: nothing to apply
    if (tx.commands.length === 0) return null;
    if (this.db !== tx.db) tx.commands.push([Buffer.from('SELECT'), Buffer.from(String(tx.db))]);
    return { kind: 'transaction', db: tx.db, commands: tx.commands };
  }
}

/** ASCII case-insensitive comparison of a command name with an upper-case word of the same length. */
function is(name: Buffer, upper: string): boolean {
  for (let i = 0; i < upper.length; i++) {
    if ((name[i]! & 0xdf) !== upper.charCodeAt(i)) return false;
  }
  return true;
}
