export type Arg = string | Buffer | number;

/**
 * One unit in a connection's ordered log of writes: a single command, or a MULTI…EXEC group
 * that is written, acknowledged and replayed as one unit.
 */
export interface SentCommand {
  /** One command's argv, or, for a transaction, the argv of each command inside MULTI…EXEC. */
  args: Arg[];
  transaction?: Arg[][];
  /**
   * The command's RESP bytes, `encoded[encodedStart, encodedEnd)`, once sent: the link keeps these
   * (never rewritten) instead of `args`, which it drops, so an in-flight write holds one buffer
   * reference rather than its argument objects. Replays and retries send these bytes.
   */
  encoded?: Buffer;
  encodedStart?: number;
  encodedEnd?: number;
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
  if (unit.encoded !== undefined) return encodedCommandName(unit.encoded, unit.encodedStart ?? 0);
  const name = unit.args[0];
  return typeof name === 'string' ? name : String(name);
}

/** The first argument of the RESP command at `buffer[start]` (`*N\r\n$L\r\n<name>\r\n`), for messages. */
export function encodedCommandName(buffer: Buffer, start: number): string {
  const lengthAt = buffer.indexOf(36 /* $ */, start);
  const nameAt = buffer.indexOf(10 /* \n */, lengthAt) + 1;
  const length = Number(buffer.toString('latin1', lengthAt + 1, nameAt - 2));
  if (lengthAt < 0 || nameAt <= 0 || !Number.isFinite(length)) return '?';
  return buffer.toString('latin1', nameAt, nameAt + length);
}
