import { type KeepaliveStrategy, type Logger, type ShuttleError, TargetError } from '@redis-shuttle/core';
import { connectError } from '@redis-shuttle/redis-connection';
import type { RedisOptions } from 'ioredis';
import type { ClusterTopology } from './ClusterTopology.js';
import type { ClusterWriterConfig } from './ClusterWriterConfig.js';
import { type ClusterView, hostOf, nodeUrl, parseRedirect, SLOT_COUNT } from './clusterUtils.js';
import { NodeHandle } from './NodeHandle.js';
import { RefreshLoop } from './RefreshLoop.js';
import { RoutedSend, type SendReplies } from './RoutedSend.js';
import { type RoutedUnit, routedUnit } from './RoutedUnit.js';

const RETRYABLE = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|OOM|CLUSTERDOWN)\b/;
const MAX_REDIRECTS = 64;
/** How long the owner a MOVED reply named wins over views of the cluster (gossip converging). */
const MOVED_GRACE_MS = 5000;

export interface SlotRouterOptions {
  config: ClusterWriterConfig;
  /** `host:port` of the seed, for messages. */
  endpoint: string;
  redisOptions: RedisOptions;
  /** Passwords to hide from messages. */
  secrets: Array<string | undefined>;
  strategies: KeepaliveStrategy[];
  logger: Logger;
}

export interface SlotRouterHooks {
  /** A unit was acknowledged or the map changed: a node may have room again. */
  onRoom(): void;
  /** Nothing is outstanding any more. */
  onDrained(): void;
  onFatal(error: ShuttleError): void;
}

/**
 * Sends units to the masters of a cluster and keeps them going until acknowledged, whatever the
 * cluster does: the slot map (CLUSTER NODES, read every second and on every sign of change), one
 * NodeHandle per master, MOVED (new owner; the unit and every later unit of that slot still
 * pending on the old node are resent in order), ASK (`ASKING` + the unit, adjacent on the
 * importing node's connection), READONLY and EXECABORT (map read again, then resent), and
 * failovers (a demoted master's units follow its MOVED replies; a master lost or hanging is given
 * up, its pending units and its last acknowledged idempotent ones going to the new owners of
 * their slots, in order).
 */
export class SlotRouter {
  /** Units routed and not yet acknowledged (parked ones included). */
  outstanding = 0;
  readonly redirections = { moved: 0, ask: 0 };
  failovers = 0;
  /** Sends so far (redirected and replayed units count again). */
  sent = 0;
  /** Units sent again to another node after a failover. */
  rerouted = 0;
  /** Messages for the run summary (one per failover). */
  readonly events: string[] = [];
  private readonly owners: Array<NodeHandle | undefined> = new Array(SLOT_COUNT).fill(undefined);
  /** The owners in the last view read (the new owners for a master given up). */
  private viewOwners: Array<NodeHandle | undefined> = [];
  private readonly movedUntil = new Float64Array(SLOT_COUNT);
  private readonly confirming = new Set<NodeHandle>();
  private readonly handles = new Map<string, NodeHandle>();
  private readonly retired: NodeHandle[] = [];
  private readonly libraries: Buffer[] = [];
  private parked: RoutedUnit[] = [];
  private parkedSince = 0;
  private started = false;
  private closed = false;
  private readonly refresher = new RefreshLoop(
    () => this.refresh(),
    () => this.parked.length > 0 && !this.closed,
  );

  constructor(
    private readonly options: SlotRouterOptions,
    private readonly topology: ClusterTopology,
    private readonly hooks: SlotRouterHooks,
  ) {}

  /** The live masters. */
  masters(): NodeHandle[] {
    return [...this.handles.values()].filter((handle) => !handle.retiring);
  }

  /** Every node connection so far, given-up ones included. */
  nodes(): NodeHandle[] {
    return [...this.handles.values(), ...this.retired];
  }

  get parkedCount(): number {
    return this.parked.length;
  }

  /** Remembers a function library: masters found later get it first. */
  addLibrary(code: Buffer): void {
    this.libraries.push(code);
  }

  /** After the first connections: masters found from now on are opened in the background. */
  start(): void {
    this.started = true;
    this.refresher.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.refresher.stop();
    await Promise.all([...this.handles.values()].map((handle) => handle.close()));
  }

  /** A unit without a slot: to every master (FLUSHALL, FUNCTION, SCRIPT) or to one (PING). */
  sendToMasters(unitFor: () => RoutedUnit, all: boolean): NodeHandle | undefined {
    let last: NodeHandle | undefined;
    for (const node of this.masters()) {
      const unit = unitFor();
      unit.scope ??= all ? 'all' : 'any';
      this.outstanding++;
      this.dispatch(unit, node);
      last = node;
      if (!all) break;
    }
    return last;
  }

  /** Sends a new unit to the owner of its slot (or parks it until the map says who that is). */
  route(unit: RoutedUnit): NodeHandle | undefined {
    this.outstanding++;
    const owner = this.owners[unit.slot];
    if (!owner) {
      this.park(unit);
      return undefined;
    }
    this.dispatch(unit, owner);
    return owner;
  }

  // Hot path: one call per send.
  private dispatch(unit: RoutedUnit, node: NodeHandle, asking = false): void {
    if (unit.done) {
      unit.done = false; // an acknowledged unit replayed after a failover
      this.outstanding++;
    }
    unit.node = node;
    const sent = new RoutedSend(unit, node, this.replies);
    unit.attempt = sent;
    node.pending.delete(unit);
    node.pending.add(unit);
    if (asking)
      node.send({ args: ['ASKING'], db: -1, bytes: 16, acked: false, sends: 0, tolerate: () => true });
    node.send(sent);
    if (unit.encoded === undefined && sent.encoded !== undefined) {
      // the link keeps the bytes; so does the unit, for a resend elsewhere (MOVED, ASK, failover)
      unit.encoded = sent.encoded;
      unit.encodedStart = sent.encodedStart;
      unit.encodedEnd = sent.encodedEnd;
      unit.args = RELEASED;
    }
    this.sent++;
  }

  /** What the sends of this router report to it (one object, not two closures per send). */
  private readonly replies: SendReplies = {
    onError: (unit, sent, node, reply) => this.onError(unit, sent, node, reply),
    onAck: (unit, sent, node) => {
      if (unit.attempt === sent) this.complete(unit, node);
    },
  };

  private complete(unit: RoutedUnit, node: NodeHandle): void {
    unit.done = true;
    unit.attempt = undefined;
    node.pending.delete(unit);
    // kept for a replay after a failover; a master without a replica cannot be failed over
    if (unit.idempotent && node.hasReplicas) node.remember(unit);
    if (--this.outstanding === 0) this.hooks.onDrained();
  }

  /** An error reply: redirections are handled here (true); anything else goes back to the link. */
  private onError(unit: RoutedUnit, sent: RoutedSend, node: NodeHandle, reply: string): boolean {
    if (unit.attempt !== sent) return true; // answered after the unit was sent elsewhere
    const redirect = parseRedirect(reply, hostOf(node.endpoint));
    if (redirect && unit.redirects++ < MAX_REDIRECTS) {
      const target = this.handleFor(redirect.endpoint);
      if (redirect.kind === 'ASK') {
        this.redirections.ask++;
        node.pending.delete(unit);
        this.dispatch(unit, target, true);
        return true;
      }
      this.redirections.moved++;
      this.owners[redirect.slot] = target;
      this.movedUntil[redirect.slot] = Date.now() + MOVED_GRACE_MS;
      this.refresher.schedule();
      const batch: RoutedUnit[] = [];
      for (const pending of node.pending) if (pending.slot === redirect.slot) batch.push(pending);
      for (const moved of batch) {
        node.pending.delete(moved);
        this.dispatch(moved, target);
      }
      return true;
    }
    if (/^(READONLY|EXECABORT)\b/.test(reply) && unit.redirects++ < MAX_REDIRECTS) {
      // a demoted master, or a MULTI/EXEC refused at queue time: ask the cluster, then resend
      node.pending.delete(unit);
      void this.refresher.now().then(() => {
        if (!unit.done && unit.attempt === sent) this.reroute(unit);
      });
      return true;
    }
    if (/^(CLUSTERDOWN|TRYAGAIN)\b/.test(reply)) this.refresher.schedule();
    if (unit.accept?.(reply)) {
      this.complete(unit, node);
      return true;
    }
    return false;
  }

  /**
   * Sends a unit that is already counted as outstanding to the current owner of its slot; a unit
   * without a slot taken from a master given up goes to one of its `heirs` (the new owners of its
   * slots), or to any master.
   */
  private reroute(unit: RoutedUnit, heirs: NodeHandle[] = []): void {
    if (unit.slot < 0) {
      const to = heirs[0] ?? this.masters()[0];
      if (unit.scope !== 'library' && to) this.dispatch(unit, to);
      else if (!unit.done) this.settleWithoutSend(unit);
      return;
    }
    const owner = this.owners[unit.slot];
    if (owner) this.dispatch(unit, owner);
    else {
      if (unit.done) {
        unit.done = false;
        this.outstanding++;
      }
      this.park(unit);
    }
  }

  /** A FUNCTION LOAD bound for a node that was given up: new masters get every library anyway. */
  private settleWithoutSend(unit: RoutedUnit): void {
    unit.done = true;
    unit.attempt = undefined;
    if (--this.outstanding === 0) this.hooks.onDrained();
  }

  private park(unit: RoutedUnit): void {
    unit.node = undefined;
    unit.attempt = undefined;
    if (this.parked.length === 0) this.parkedSince = Date.now();
    this.parked.push(unit);
    this.refresher.schedule();
  }

  private handleFor(endpoint: string): NodeHandle {
    let handle = this.handles.get(endpoint);
    if (handle) return handle;
    handle = new NodeHandle(
      endpoint,
      {
        id: `target:${endpoint}`,
        url: nodeUrl(this.options.config.url, endpoint),
        endpoint,
        redisOptions: this.options.redisOptions,
        reconnectForMs: this.options.config.reconnectForMs,
        retryableErrors: RETRYABLE,
        retryForMs: this.options.config.retryForMs,
      },
      {
        onAck: () => this.hooks.onRoom(),
        onFatal: (error) => {
          if (!node.abandoned) this.hooks.onFatal(error);
        },
        onState: (state) => {
          if (!node.abandoned && (state === 'reconnecting' || state === 'failed')) this.refresher.schedule();
        },
      },
      this.options.logger,
      this.options.strategies,
      {
        keepAckedUnits: this.options.config.maxInFlightCommands,
        keepAckedBytes: this.options.config.maxInFlightBytes,
      },
    );
    const node = handle;
    this.handles.set(endpoint, handle);
    if (this.started) {
      // a master found mid-run (promoted replica, new node): it gets every library first
      for (const code of this.libraries) {
        const unit = routedUnit(['FUNCTION', 'LOAD', 'REPLACE', code], -1, code.length + 32, {
          idempotent: true,
          scope: 'library',
        });
        this.outstanding++;
        this.dispatch(unit, handle);
      }
      handle
        .openUntil(Date.now() + this.options.config.reconnectForMs, () => this.refresher.schedule())
        .catch((error: unknown) => {
          if (!node.abandoned) this.hooks.onFatal(connectError(error, endpoint, this.options.secrets));
        });
    }
    return handle;
  }

  /**
   * Applies a view of the cluster. A slot changes owner only when its current owner has no unit
   * of that slot pending (otherwise the old owner's MOVED replies move them, in order, and later
   * units follow), and a slot a MOVED reply gave to a node keeps it for a while against older
   * views. A master the view no longer lists is given up at once when its connection is lost;
   * when it is still connected it is asked first (`ROLE`, see confirmRole), since the view may
   * come from a node that has not heard of a promotion yet.
   */
  apply(view: ClusterView): void {
    const now = Date.now();
    const owners: Array<NodeHandle | undefined> = new Array(SLOT_COUNT).fill(undefined);
    for (const range of view.ranges) owners.fill(this.handleFor(range.master), range.start, range.end + 1);
    this.viewOwners = owners;
    const lost: NodeHandle[] = [];
    const doubtful = new Set<NodeHandle>();
    for (const handle of this.handles.values()) {
      handle.hasReplicas = view.mastersWithReplicas.has(handle.endpoint);
      if (handle.retiring && handle.pending.size === 0) this.retire(handle);
      else if (view.masters.has(handle.endpoint)) handle.retiring = false;
      else if (handle.link.state === 'reconnecting' || handle.link.state === 'failed') lost.push(handle);
      else doubtful.add(handle);
    }
    const busy = new Map<NodeHandle, Set<number>>();
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const current = this.owners[slot];
      if (current === owners[slot]) continue;
      if (current && !current.abandoned) {
        if (doubtful.has(current) || lost.includes(current)) continue;
        if (this.movedUntil[slot]! > now && view.masters.has(current.endpoint)) continue;
        if (pendingSlots(current, busy).has(slot)) continue;
      }
      this.owners[slot] = owners[slot];
    }
    for (const handle of lost) this.giveUp(handle);
    for (const handle of doubtful) void this.confirmRole(handle);
    this.sendParked();
    this.hooks.onRoom();
  }

  private sendParked(): void {
    if (this.parked.length === 0) return;
    const parked = this.parked;
    this.parked = [];
    for (const unit of parked) {
      this.outstanding--;
      this.route(unit);
    }
  }

  /**
   * A connected master the view no longer lists. Still a master: kept. A replica now (a manual
   * failover): its pending units come back with MOVED and follow in order, its idle slots go to
   * their new owners now, and it is closed once nothing is pending. No answer in time (it hangs):
   * given up like a lost one.
   */
  private async confirmRole(handle: NodeHandle): Promise<void> {
    if (this.confirming.has(handle) || handle.retiring) return;
    this.confirming.add(handle);
    try {
      const role = await handle.role(2000);
      if (handle.abandoned || this.closed || role === 'master') return;
      if (role === 'unknown') this.giveUp(handle);
      else {
        handle.retiring = true;
        this.failovers++;
        this.events.push(
          `the node ${handle.endpoint} became a replica (failover); its pending writes followed MOVED to the new master`,
        );
        const busy = pendingSlots(handle, new Map());
        for (let slot = 0; slot < SLOT_COUNT; slot++) {
          if (this.owners[slot] !== handle || busy.has(slot)) continue;
          const next = this.viewOwners[slot];
          if (next && !next.abandoned && next !== handle) this.owners[slot] = next;
        }
        if (handle.pending.size === 0) this.retire(handle);
      }
      this.sendParked();
      this.hooks.onRoom();
    } finally {
      this.confirming.delete(handle);
    }
  }

  /** Closes a demoted master's connection once nothing is pending on it. */
  private retire(handle: NodeHandle): void {
    this.handles.delete(handle.endpoint);
    this.retired.push(handle);
    handle.abandon();
  }

  /** A master that failed or became a replica: its writes go to the new owners of its slots. */
  private giveUp(handle: NodeHandle): void {
    this.handles.delete(handle.endpoint);
    this.retired.push(handle);
    const heirs = new Set<NodeHandle>();
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      if (this.owners[slot] !== handle) continue;
      const next = this.viewOwners[slot];
      this.owners[slot] = next && !next.abandoned && next !== handle ? next : undefined;
      if (this.owners[slot]) heirs.add(this.owners[slot]!);
    }
    const units = handle.abandon();
    this.failovers++;
    this.rerouted += units.length;
    const message = `the node ${handle.endpoint} no longer serves slots as a master (failover); ${units.length} writes were sent again to the new owners of its slots`;
    this.events.push(message);
    this.options.logger.warn(
      { target: handle.endpoint, resent: units.length },
      'node given up after failover',
    );
    for (const unit of units) {
      unit.node = undefined;
      this.reroute(unit, [...heirs]);
    }
  }

  /** Reads the map and applies it; fails the run when units wait too long for an owner. */
  private async refresh(): Promise<void> {
    try {
      const view = await this.topology.fetch();
      if (!this.closed) this.apply(view);
    } catch (error) {
      this.options.logger.warn(
        { error: (error as Error).message },
        'cannot read the cluster slot map, retrying',
      );
    }
    if (this.parked.length > 0 && Date.now() - this.parkedSince > this.options.config.retryForMs) {
      const unit = this.parked[0]!;
      this.hooks.onFatal(
        new TargetError(
          'E_TARGET_UNREACHABLE',
          `no master of the cluster at ${this.options.endpoint} serves hash slot ${unit.slot} (for ${Math.round(this.options.config.retryForMs / 1000)} s)`,
          { hint: 'check the cluster (redis-cli --cluster check), then run again' },
        ),
      );
    }
  }
}

/** The slots of the units pending on a node (computed once per node and view). */
function pendingSlots(node: NodeHandle, cache: Map<NodeHandle, Set<number>>): Set<number> {
  let slots = cache.get(node);
  if (!slots) {
    slots = new Set();
    for (const unit of node.pending) slots.add(unit.slot);
    cache.set(node, slots);
  }
  return slots;
}

const RELEASED: RoutedUnit['args'] = [];
