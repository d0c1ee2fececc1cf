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
  /** The key written, for error messages (see keyOf). */
  key?: Buffer;
  /**
   * The key is the command's first argument: set instead of `key` on the hot path, so that a write in
   * flight does not hold a reference to its key (keyOf reads it from the arguments or the bytes).
   */
  keyIsFirstArgument?: boolean;
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

/** The key a unit writes, for messages: `key`, or its first argument (`keyIsFirstArgument`). */
export function keyOf(unit: SentCommand): Buffer | undefined {
  if (unit.key !== undefined || !unit.keyIsFirstArgument) return unit.key;
  if (unit.encoded !== undefined) return encodedArgument(unit.encoded, unit.encodedStart ?? 0, 1);
  const arg = unit.args[1];
  return arg === undefined ? undefined : Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
}

/** The command name of the RESP command at `buffer[start]` (`*N\r\n$L\r\n<name>\r\n`), for messages. */
export function encodedCommandName(buffer: Buffer, start: number): string {
  return encodedArgument(buffer, start, 0)?.toString('latin1') ?? '?';
}

/** Argument `index` (0: the command name) of the RESP command at `buffer[start]`; undefined if malformed. */
export function encodedArgument(buffer: Buffer, start: number, index: number): Buffer | undefined {
  let at = buffer.indexOf(10 /* \n */, start) + 1;
  for (let i = 0; at > 0 && buffer[at] === 36 /* $ */; i++) {
    const dataAt = buffer.indexOf(10 /* \n */, at) + 1;
    const length = Number(buffer.toString('latin1', at + 1, dataAt - 2));
    if (dataAt <= 0 || !Number.isSafeInteger(length) || length < 0 || dataAt + length > buffer.length) break;
    if (i === index) return buffer.subarray(dataAt, dataAt + length);
    at = dataAt + length + 2;
  }
  return undefined;
}
