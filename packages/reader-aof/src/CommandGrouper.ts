import type { CommandEntry, TransactionEntry } from '@redis-shuttle/core';
import { AofFormatError } from './AofFormatError.js';

const SELECT = Buffer.from('SELECT');

/**
 * Turns the commands of one AOF file into entries, as the fake client Redis replays a file with:
 * it starts in db 0, SELECT changes the db of what follows (and is not forwarded), and MULTI … EXEC
 * becomes one transaction entry. One instance per file.
 */
export class CommandGrouper {
  private db = 0;
  private multi: { db: number; commands: Buffer[][]; offset: number } | undefined;

  /** Offset of a MULTI still waiting for its EXEC. */
  get openTransactionOffset(): number | undefined {
    return this.multi?.offset;
  }

  /** The entry this command completes, if any. Throws AofFormatError on a malformed SELECT, MULTI or EXEC. */
  accept(argv: Buffer[], offset: number): CommandEntry | TransactionEntry | undefined {
    const name = argv[0]!.toString('latin1').toLowerCase();
    const multi = this.multi;
    if (name === 'select') {
      const text = argv[1]?.toString('latin1') ?? '';
      if (argv.length !== 2 || !/^[0-9]{1,5}$/.test(text))
        throw new AofFormatError(`invalid SELECT ${JSON.stringify(text)} at byte ${offset}`, offset);
      this.db = Number(text);
      multi?.commands.push(argv);
      return undefined;
    }
    if (name === 'multi') {
      if (multi)
        throw new AofFormatError(`MULTI at byte ${offset} inside the MULTI at byte ${multi.offset}`, offset);
      this.multi = { db: this.db, commands: [], offset };
      return undefined;
    }
    if (name === 'exec') {
      if (!multi) throw new AofFormatError(`EXEC without MULTI at byte ${offset}`, offset);
      this.multi = undefined;
      if (multi.commands.length === 0) return undefined;
      // A SELECT inside the transaction: end it back in the transaction's db, where the writer expects to be.
      if (this.db !== multi.db) multi.commands.push([SELECT, Buffer.from(String(multi.db))]);
      return { kind: 'transaction', db: multi.db, commands: multi.commands };
    }
    if (multi) {
      multi.commands.push(argv);
      return undefined;
    }
    return { kind: 'command', db: this.db, argv };
  }
}
