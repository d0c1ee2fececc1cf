import type { Entry, TransactionEntry } from '../entry/Entry.js';

/** The command name of an argv, lower-cased (command names are ASCII). */
export function commandName(argv: Buffer[]): string {
  return argv[0]?.toString('latin1').toLowerCase() ?? '';
}

const SELECT = Buffer.from('SELECT');

/** `SELECT n` inside a transaction (readers add one to end a transaction in its own db). No allocation. */
export function isSelect(argv: Buffer[]): boolean {
  const name = argv[0];
  if (name?.length !== 6) return false;
  for (let i = 0; i < 6; i++) if ((name[i]! & 0xdf) !== SELECT[i]) return false;
  return true;
}

/**
 * Applies `decide` to every command of a transaction: it returns the command (possibly
 * changed) or null to drop it. Returns the entry itself when nothing changed, null when no
 * command other than SELECT is left, else a new transaction entry.
 */
export function filterTransaction(
  entry: TransactionEntry,
  decide: (argv: Buffer[], db: number) => Buffer[] | null,
): Entry | null {
  let kept: Buffer[][] | undefined;
  let db = entry.db;
  let work = false;
  const commands = entry.commands;
  for (let i = 0; i < commands.length; i++) {
    const argv = commands[i]!;
    const select = isSelect(argv);
    const out = select ? argv : decide(argv, db);
    if (select) db = Number(argv[1]?.toString('latin1'));
    if (out !== argv && kept === undefined) kept = commands.slice(0, i);
    if (out === null) continue;
    if (!select) work = true;
    kept?.push(out);
  }
  if (!work) return null;
  return kept === undefined ? entry : { kind: 'transaction', db: entry.db, commands: kept };
}
