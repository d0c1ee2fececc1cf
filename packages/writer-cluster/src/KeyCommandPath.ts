import type { KeyEntry, ValueChunk, ValueChunkEntry } from '@redis-shuttle/core';
import type { Arg, ValueCommandBuilder } from '@redis-shuttle/redis-connection';
import type { NodeHandle } from './NodeHandle.js';

/**
 * Keys written as type commands on a cluster (their payload is of a newer RDB version, too big
 * for the target, or the reader streamed them decoded): every command of a key goes to the key's
 * slot, in order, with backpressure between chunks so a huge value never sits in memory.
 * The units are not idempotent (RPUSH, APPEND…): a failover never resends them once acknowledged.
 */
export class KeyCommandPath {
  private chunked: KeyEntry | undefined;
  /** Keys finished by this path. */
  keys = 0;

  constructor(
    private readonly builder: ValueCommandBuilder,
    private readonly route: (args: Arg[], key: Buffer) => NodeHandle | undefined,
    private readonly room: (node: NodeHandle | undefined) => undefined | Promise<void>,
  ) {}

  /** The start of a key (and all of it when `complete`). */
  async writeKey(entry: KeyEntry, chunks: Iterable<ValueChunk>, complete: boolean): Promise<void> {
    let first = true;
    for (const chunk of chunks) {
      const commands = first ? this.builder.begin(entry, chunk) : this.builder.chunk(entry.key, chunk);
      first = false;
      let node: NodeHandle | undefined;
      for (const args of commands) node = this.route(args, entry.key);
      await this.room(node);
    }
    if (complete) this.finish(entry);
    else this.chunked = entry;
  }

  /** The next piece of the key begun by the last incomplete key entry. */
  chunk(entry: ValueChunkEntry): NodeHandle | undefined {
    const current = this.chunked;
    if (!current?.key.equals(entry.key)) {
      throw new Error(
        `a value chunk of ${JSON.stringify(entry.key.toString('latin1'))} came without its key`,
      );
    }
    let node: NodeHandle | undefined;
    for (const args of this.builder.chunk(entry.key, entry.value)) node = this.route(args, entry.key);
    if (entry.last) {
      this.chunked = undefined;
      node = this.finish(current) ?? node;
    }
    return node;
  }

  private finish(entry: KeyEntry): NodeHandle | undefined {
    let node: NodeHandle | undefined;
    for (const args of this.builder.end(entry.key, entry.expireAtMs)) node = this.route(args, entry.key);
    this.keys++;
    return node;
  }
}
