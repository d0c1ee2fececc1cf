import type { Arg, SentCommand } from '@redis-shuttle/redis-connection';
import type { NodeHandle } from './NodeHandle.js';

/**
 * One write of the cluster writer: it outlives the connection it was sent on. When a node
 * redirects it (MOVED, ASK) or is given up (failover), the same unit is sent again elsewhere.
 */
export interface RoutedUnit {
  args: Arg[];
  transaction?: Arg[][];
  /** Its RESP bytes once a link encoded them (see SentCommand.encoded): then `args` is dropped. */
  encoded: Buffer | undefined;
  encodedStart: number;
  encodedEnd: number;
  /** The hash slot it writes; -1 when it is not bound to a slot (functions, FLUSHALL, PING). */
  slot: number;
  /**
   * For a unit without a slot: `library` (a function entry: masters found later get every library
   * anyway), `all` (one copy per master, e.g. FLUSHALL), `any` (one master, e.g. PING).
   */
  scope?: 'library' | 'all' | 'any';
  bytes: number;
  /** The key written, for error messages. */
  key?: Buffer;
  /** Safe to send again after it was acknowledged (RESTORE ... REPLACE, FUNCTION LOAD REPLACE). */
  idempotent: boolean;
  /** An error reply that counts as done (e.g. an existing library with `functions: skip`). */
  accept?: (reply: string) => boolean;
  /** The current send; replies to an older one are ignored. */
  attempt: SentCommand | undefined;
  node: NodeHandle | undefined;
  done: boolean;
  /** MOVED, ASK and re-routes so far (a bound against redirect loops). */
  redirects: number;
}

export function routedUnit(
  args: Arg[],
  slot: number,
  bytes: number,
  options: Partial<Pick<RoutedUnit, 'transaction' | 'key' | 'idempotent' | 'accept' | 'scope'>> = {},
): RoutedUnit {
  // every field set in one literal, in one order: one object shape on the hot path
  return {
    args,
    transaction: options.transaction,
    encoded: undefined,
    encodedStart: 0,
    encodedEnd: 0,
    slot,
    scope: options.scope,
    bytes,
    key: options.key,
    idempotent: options.idempotent ?? false,
    accept: options.accept,
    attempt: undefined,
    node: undefined,
    done: false,
    redirects: 0,
  };
}
