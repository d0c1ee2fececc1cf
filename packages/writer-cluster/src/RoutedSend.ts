import type { Arg, SentCommand } from '@redis-shuttle/redis-connection';
import type { NodeHandle } from './NodeHandle.js';
import type { RoutedUnit } from './RoutedUnit.js';

/** Where a send reports its reply: the router. */
export interface SendReplies {
  /** An error reply; true when handled (a redirection, an accepted error), false to let the link decide. */
  onError(unit: RoutedUnit, sent: RoutedSend, node: NodeHandle, reply: string): boolean;
  onAck(unit: RoutedUnit, sent: RoutedSend, node: NodeHandle): void;
}

/**
 * One send of a RoutedUnit to one node: the SentCommand that node's link logs, acknowledges and
 * replays. HOT PATH: one object per send, its reply handlers are methods (no closures).
 */
export class RoutedSend implements SentCommand {
  args: Arg[];
  transaction: Arg[][] | undefined;
  encoded: Buffer | undefined;
  encodedStart: number;
  encodedEnd: number;
  readonly db = -1;
  readonly bytes: number;
  readonly key: Buffer | undefined;
  acked = false;
  sends = 0;

  constructor(
    readonly unit: RoutedUnit,
    readonly node: NodeHandle,
    private readonly replies: SendReplies,
  ) {
    this.args = unit.args;
    this.transaction = unit.transaction;
    this.encoded = unit.encoded;
    this.encodedStart = unit.encodedStart;
    this.encodedEnd = unit.encodedEnd;
    this.bytes = unit.bytes;
    this.key = unit.key;
  }

  tolerate(reply: string): boolean {
    return this.replies.onError(this.unit, this, this.node, reply);
  }

  onReply(value: unknown): void {
    if (!(value instanceof Error)) this.replies.onAck(this.unit, this, this.node);
  }
}
