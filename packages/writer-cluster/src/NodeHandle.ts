import type { ConnectionStatus, KeepaliveHandle, KeepaliveStrategy, Logger } from '@redis-shuttle/core';
import {
  LinkKeepalive,
  type LinkEvents,
  type SentCommand,
  TargetLink,
  type TargetLinkOptions,
  linkStatus,
} from '@redis-shuttle/redis-connection';
import type { RoutedUnit } from './RoutedUnit.js';

export interface NodeHandleLimits {
  /** How many acknowledged idempotent units to keep for a replay after a failover. */
  keepAckedUnits: number;
  keepAckedBytes: number;
}

/**
 * One master of the target cluster: its TargetLink (pipelined, reconnect and replay), the units
 * sent to it and not yet acknowledged (in send order, so they can move to another node in order),
 * the last acknowledged ones (replayed to the new owner after a failover: replication is
 * asynchronous, so a promoted replica may miss the last writes its master acknowledged), and the
 * keepalive handles of its connection.
 */
export class NodeHandle {
  readonly link: TargetLink;
  /** Units sent here and not acknowledged, in send order. */
  readonly pending = new Set<RoutedUnit>();
  abandoned = false;
  /**
   * The cluster lists a healthy replica of this master (true until a view says otherwise): only then
   * can a failover replace it, and only then are acknowledged units kept for a replay.
   */
  hasReplicas = true;
  /** Became a replica: gets no new units, closed once nothing is pending on it. */
  retiring = false;
  private keepalive: KeepaliveHandle[] = [];
  /** Sends made before the first connection is up. */
  private queue: SentCommand[] | undefined = [];
  private queuedBytes = 0;
  private opening: Promise<void> | undefined;
  private detached = false;
  private acked: RoutedUnit[] = [];
  private ackedHead = 0;
  private ackedBytes = 0;

  constructor(
    readonly endpoint: string,
    options: TargetLinkOptions,
    events: LinkEvents,
    logger: Logger,
    private readonly strategies: KeepaliveStrategy[],
    private readonly limits: NodeHandleLimits,
  ) {
    this.link = new TargetLink(options, events, logger);
  }

  get inFlight(): number {
    return this.link.inFlight + (this.queue?.length ?? 0);
  }

  get inFlightBytes(): number {
    return this.link.inFlightBytes + this.queuedBytes;
  }

  get ready(): boolean {
    return this.queue === undefined;
  }

  /** First connection (once); then sends what was queued and attaches the keepalive strategies. */
  open(): Promise<void> {
    this.opening ??= (async () => {
      await this.link.open();
      if (this.abandoned) {
        void this.link.close();
        return;
      }
      this.keepalive = this.strategies.map((strategy) => strategy.attach(new LinkKeepalive(this.link)));
      const queue = this.queue ?? [];
      this.queue = undefined;
      this.queuedBytes = 0;
      for (const sent of queue) this.link.send(sent);
    })().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  /** Opens, retrying with backoff until `deadline` (a node found mid-run may still be starting). */
  async openUntil(deadline: number, onRetry: () => void): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.open();
      } catch (error) {
        if (this.abandoned) return;
        if (Date.now() >= deadline) throw error;
        onRetry();
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
        if (this.abandoned) return;
      }
    }
  }

  // Hot path.
  send(sent: SentCommand): void {
    if (this.queue) {
      this.queue.push(sent);
      this.queuedBytes += sent.bytes;
    } else this.link.send(sent);
  }

  /** Keeps an acknowledged idempotent unit for a replay after a failover (bounded). */
  remember(unit: RoutedUnit): void {
    this.acked.push(unit);
    this.ackedBytes += unit.bytes;
    const acked = this.acked;
    while (
      acked.length - this.ackedHead > this.limits.keepAckedUnits ||
      (this.ackedBytes > this.limits.keepAckedBytes && this.ackedHead < acked.length)
    ) {
      this.ackedBytes -= acked[this.ackedHead]!.bytes;
      acked[this.ackedHead++] = undefined as unknown as RoutedUnit;
    }
    if (this.ackedHead > 4096 && this.ackedHead * 2 > acked.length) {
      acked.splice(0, this.ackedHead);
      this.ackedHead = 0;
    }
  }

  /** Gives the node up: stops its connection; returns the recently acknowledged units, then the pending ones, in order. */
  abandon(): RoutedUnit[] {
    this.abandoned = true;
    this.detachKeepalive();
    void this.link.close();
    const units = this.acked.slice(this.ackedHead).filter((unit) => unit.node === this && unit.done);
    this.acked = [];
    this.ackedHead = 0;
    this.ackedBytes = 0;
    units.push(...this.pending);
    this.pending.clear();
    this.queue = undefined;
    return units;
  }

  /** What the node says it is (`ROLE`, outside the write log): `master`, `slave`, or `unknown` without an answer in time. */
  async role(timeoutMs: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('unknown'), timeoutMs);
    });
    const ask = (async () => {
      await this.open();
      const reply = (await this.link.redis?.call('ROLE')) as unknown[] | undefined;
      return String(reply?.[0] ?? 'unknown');
    })().catch(() => 'unknown');
    try {
      return await Promise.race([ask, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  tick(): void {
    if (this.detached) return;
    for (const handle of this.keepalive) handle.tick?.();
  }

  async close(): Promise<void> {
    this.abandoned = true; // stops a first connection still being retried
    this.detachKeepalive();
    await this.link.close();
  }

  private detachKeepalive(): void {
    if (this.detached) return;
    this.detached = true;
    for (const handle of this.keepalive) handle.detach();
  }

  status(): ConnectionStatus {
    return linkStatus(
      this.link,
      this.endpoint,
      { names: this.strategies.map((s) => s.name), handles: this.keepalive },
      this.inFlight,
    );
  }
}
