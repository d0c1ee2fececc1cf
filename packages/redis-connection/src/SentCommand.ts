export type Arg = string | Buffer | number;

/**
 * One unit in a connection's ordered log of writes: a single command, or a MULTI…EXEC group
 * that is written, acknowledged and replayed as one unit.
 */
export interface SentCommand {
  /** One command's argv, or, for a transaction, the argv of each command inside MULTI…EXEC. */
  args: Arg[];
  transaction?: Arg[][];
  /** Database the command must run in; -1 when any will do. */
  db: number;
  /** Bytes this unit costs against the in-flight budget. */
  bytes: number;
  /** The key written, for error messages. */
  key?: Buffer;
  /** Settled when the target acknowledged the unit (a success reply, or a tolerated error). */
  acked: boolean;
  /** Times this unit was sent (more than one after a replay or a retry). */
  sends: number;
  /** Called with the server's error reply; return true to accept it as an acknowledgement. */
  tolerate?: (reply: string) => boolean;
  /** The link's own bookkeeping (WAIT): never retained for replication confirmation. */
  internal?: boolean;
  /** Called once acknowledged, with the reply. */
  onReply?: (reply: unknown) => void;
}

export function commandName(unit: SentCommand): string {
  if (unit.transaction) return 'MULTI/EXEC';
  const name = unit.args[0];
  return typeof name === 'string' ? name : String(name);
}
