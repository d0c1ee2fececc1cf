import {
  type CommandEntry,
  ConfigError,
  type ConnectionStatus,
  emptyWriterStats,
  type Entry,
  type FunctionEntry,
  inject,
  injectable,
  type KeepaliveStrategy,
  type KeyEntry,
  type Logger,
  redactUrl,
  type ShuttleError,
  type TargetInfo,
  TargetError,
  TOKENS,
  type TransactionEntry,
  type Writer,
  type WriterStats,
  WrongPluginError,
} from '@redis-shuttle/core';
import {
  type Arg,
  type CommandPathLosses,
  commandPathWarnings,
  commandWeight,
  connectError,
  decodeDumpPayload,
  discover,
  restoreArgs,
  type TargetFacts,
  ValueCommandBuilder,
} from '@redis-shuttle/redis-connection';
import { KeyCommandPath } from './KeyCommandPath.js';
import { ClusterTopology } from './ClusterTopology.js';
import { CLUSTER_WRITER_CONFIG, type ClusterWriterConfig } from './ClusterWriterConfig.js';
import { CommandRouter } from './CommandRouter.js';
import { unservedSlots } from './clusterUtils.js';
import type { KeyRule } from './commandUtils.js';
import * as commandUtils from './commandUtils.js';
import type { NodeHandle } from './NodeHandle.js';
import { routedUnit } from './RoutedUnit.js';
import { SlotRouter } from './SlotRouter.js';
import { tlsOptions } from './tlsOptions.js';

export interface ClusterWriterStats extends WriterStats {
  /** Redirections followed: MOVED (the slot has a new owner) and ASK (the slot is migrating). */
  redirections: { moved: number; ask: number };
  /** Masters given up after a failover, their writes moved to the new owners of their slots. */
  failovers: number;
  /** Cross-slot DEL/UNLINK/TOUCH/MSET split into one command per slot. */
  splitCommands: number;
  /** MULTI/EXEC spanning slots, split into one MULTI/EXEC per slot. */
  splitTransactions: number;
}

interface Waiter {
  node: NodeHandle | undefined;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Writes entries into a Redis Cluster. Keys go as `RESTORE key <abs-ttl> <payload> REPLACE ABSTTL`
 * to the master of their hash slot, function libraries to every master, live-stream commands and
 * transactions by their keys (see CommandRouter). The SlotRouter keeps every unit going through
 * MOVED, ASK and failovers. Backpressure is per node: `write` returns a promise when the node the
 * entry went to has more than its limits in flight.
 */
@injectable()
export class ClusterWriter implements Writer {
  readonly name = 'cluster';
  private readonly topology: ClusterTopology;
  private readonly slots: SlotRouter;
  private readonly commands: CommandRouter;
  private facts: TargetFacts | undefined;
  private fatal: ShuttleError | undefined;
  private waiter: Waiter | undefined;
  private drainWaiters: Waiter[] = [];
  private readonly counters: WriterStats = emptyWriterStats();
  private readonly notes: string[] = [];
  private readonly commandPathReasons = new Map<string, number>();
  private readonly losses: CommandPathLosses = {
    fieldTtlsDropped: 0,
    pendingDropped: 0,
    moduleKeysSkipped: new Map(),
  };
  private keyCommands: KeyCommandPath | undefined;
  private readonly endpoint: string;
  private readonly secrets: Array<string | undefined>;
  private readonly dbs: Set<number>;
  private readonly lowWaterCommands: number;
  private readonly lowWaterBytes: number;

  constructor(
    @inject(CLUSTER_WRITER_CONFIG) private readonly config: ClusterWriterConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.KeepaliveStrategies) strategies: KeepaliveStrategy[],
  ) {
    this.endpoint = redactUrl(config.url)
      .replace(/^rediss?:\/\/([^@]*@)?/i, '')
      .replace(/\/.*$/, '');
    const password = config.password ?? (config.passwordEnv ? process.env[config.passwordEnv] : undefined);
    this.secrets = [password, passwordInUrl(config.url)];
    this.dbs = new Set([0, ...Object.keys(config.dbMap).map(Number)]);
    this.lowWaterCommands = config.maxInFlightCommands >> 1;
    this.lowWaterBytes = config.maxInFlightBytes >> 1;
    const tls = tlsOptions(config);
    const redisOptions = {
      ...(password ? { password } : {}),
      ...(tls ? { tls } : {}),
      connectTimeout: config.connectTimeoutMs,
    };
    this.topology = new ClusterTopology(config.url, this.endpoint, redisOptions);
    this.slots = new SlotRouter(
      { config, endpoint: this.endpoint, redisOptions, secrets: this.secrets, strategies, logger },
      this.topology,
      {
        onRoom: () => this.checkRoom(),
        onDrained: () => this.drained(),
        onFatal: (error) => this.failAll(error),
      },
    );
    this.commands = new CommandRouter(config.crossSlot, (...args) => this.topology.call(...args));
  }

  async connect(): Promise<TargetInfo> {
    try {
      this.facts = await discover(await this.topology.connect());
    } catch (error) {
      this.topology.close();
      throw connectError(error, this.endpoint, this.secrets);
    }
    if (!this.facts.clusterEnabled) {
      this.topology.close();
      throw new WrongPluginError(
        'writer',
        'redis',
        `the target ${this.endpoint} is not a Redis Cluster node`,
        {
          hint: 'the standalone writer handles it: npm install @redis-shuttle/writer-redis',
        },
      );
    }
    const view = await this.topology.fetch();
    const gaps = unservedSlots(view.ranges);
    if (gaps.length > 0) {
      this.topology.close();
      throw new TargetError(
        'E_TARGET_UNSUPPORTED',
        `the cluster at ${this.endpoint} does not serve every hash slot (unserved: ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ', ...' : ''})`,
        { hint: 'fix the cluster first (redis-cli --cluster fix), then run again' },
      );
    }
    this.slots.apply(view);
    const masters = this.slots.masters();
    await Promise.all(
      masters.map((node) =>
        node.open().catch((error: unknown) => {
          throw connectError(error, node.endpoint, this.secrets);
        }),
      ),
    ).catch(async (error) => {
      await this.close();
      throw error;
    });
    await this.prepareTarget(masters).catch(async (error: unknown) => {
      await this.close();
      throw error;
    });
    this.slots.start();
    this.logger.info(
      { target: this.endpoint, version: this.facts.version, masters: masters.length },
      'connected to target cluster',
    );
    return {
      description: `cluster ${this.endpoint} (${masters.length} masters)`,
      version: this.facts.version,
      rdbVersion: this.facts.rdbVersion,
    };
  }

  /** Says what is already on the target, and empties every master when asked to. */
  private async prepareTarget(masters: NodeHandle[]): Promise<void> {
    const sizes = await Promise.all(masters.map((node) => node.link.redis!.dbsize()));
    const keys = sizes.reduce((n, size) => n + size, 0);
    if (this.config.flushTarget) {
      await Promise.all(
        masters.map(async (node) => {
          await node.link.redis!.flushall();
          await node.link.redis!.call('FUNCTION', 'FLUSH');
        }),
      );
      if (keys > 0) this.notes.push(`the target was emptied before writing (it held ${keys} keys)`);
    } else if (keys > 0) {
      const fate = { replace: 'overwritten', skip: 'kept', fail: 'an error' }[this.config.busyKey];
      this.notes.push(
        `the target was not empty before writing (${keys} keys); existing keys are ${fate} when the source has them too`,
      );
    }
    for (const note of this.notes) this.logger.warn({ target: this.endpoint }, note);
  }

  // Hot path: one call per entry.
  write(entry: Entry): undefined | Promise<void> {
    if (this.fatal) throw this.fatal;
    this.counters.entries++;
    switch (entry.kind) {
      case 'key': {
        const written = this.writeKey(entry);
        return written instanceof Promise ? written : this.room(written);
      }
      case 'function':
        return this.room(this.writeFunction(entry));
      case 'command':
      case 'transaction':
        return this.writeLive(entry);
      case 'value-chunk':
        this.checkDb(entry.db, entry.key);
        return this.room(this.commandPath().chunk(entry));
    }
  }

  tick(): void {
    for (const node of this.slots.masters()) node.tick();
  }

  /** RESTORE when the target loads the payload; otherwise type commands (a promise: they go chunk by chunk). */
  private writeKey(entry: KeyEntry): NodeHandle | undefined | Promise<void> {
    this.checkDb(entry.db, entry.key);
    const facts = this.facts!;
    const dump = entry.dump;
    const bulkLimit = facts.protoMaxBulkLen ?? 512 * 1024 * 1024;
    if (
      !dump ||
      dump.rdbVersion > facts.rdbVersion ||
      dump.payload.length + entry.key.length + 256 > bulkLimit
    ) {
      const reason = !dump
        ? 'the reader decoded them'
        : dump.rdbVersion > facts.rdbVersion
          ? `their RDB version ${dump.rdbVersion} is newer than the target's (${facts.rdbVersion}, Redis ${facts.version})`
          : `their DUMP payload is larger than the target's proto-max-bulk-len (${bulkLimit} bytes)`;
      this.commandPathReasons.set(reason, (this.commandPathReasons.get(reason) ?? 0) + 1);
      if (this.config.busyKey !== 'replace') {
        throw new TargetError(
          'E_TARGET_UNSUPPORTED',
          `key ${JSON.stringify(entry.key.toString('latin1'))} must be written by commands, which replace it`,
          {
            hint: 'use --busy-key replace (the default) or --flush-target for keys the cluster cannot RESTORE',
          },
        );
      }
      if (entry.value) return this.commandPath().writeKey(entry, [entry.value], entry.complete);
      return this.commandPath().writeKey(entry, decodeDumpPayload(dump!.payload, 512), true);
    }
    const replace = this.config.busyKey === 'replace';
    const args = restoreArgs(entry, dump.payload, replace);
    this.counters.keys++;
    this.counters.keysByRestore++;
    const bytes = dump.payload.length + entry.key.length + 48;
    return this.slots.route(
      routedUnit(args, commandUtils.slotOf(entry.key), bytes, {
        key: entry.key,
        idempotent: replace,
        ...(this.config.busyKey === 'skip' ? { accept: this.keepExisting } : {}),
      }),
    );
  }

  /** `busyKey: skip`: a key that exists on the target is kept, and counted as skipped. */
  private readonly keepExisting = (reply: string): boolean => {
    if (!reply.startsWith('BUSYKEY')) return false;
    this.counters.keys--;
    this.counters.keysByRestore--;
    this.counters.skipped++;
    return true;
  };

  /** The command path, built once the target's version is known. */
  private commandPath(): KeyCommandPath {
    if (!this.keyCommands) {
      const [major = 0, minor = 0] = (this.facts?.version ?? '0.0').split('.').map(Number);
      const builder = new ValueCommandBuilder(
        { maxElements: 512, maxBytes: Math.min(16 << 20, (this.facts?.protoMaxBulkLen ?? 512 << 20) >> 1) },
        { hashFieldTtl: major * 100 + minor >= 704, streamMeta: major >= 7 },
        this.losses,
      );
      this.keyCommands = new KeyCommandPath(
        builder,
        (args, key) => {
          this.counters.commands++;
          return this.slots.route(routedUnit(args, commandUtils.slotOf(key), commandWeight(args), { key }));
        },
        (node) => this.room(node),
      );
    }
    return this.keyCommands;
  }

  private writeFunction(entry: FunctionEntry): NodeHandle | undefined {
    const policy = this.config.functions;
    this.counters.functions++;
    this.slots.addLibrary(entry.code);
    let skipped = false;
    const args: Arg[] =
      policy === 'replace' ? ['FUNCTION', 'LOAD', 'REPLACE', entry.code] : ['FUNCTION', 'LOAD', entry.code];
    const accept = (reply: string) => {
      if (policy !== 'skip' || !/already exists/i.test(reply)) return false;
      if (!skipped) {
        skipped = true;
        this.counters.functions--;
        this.counters.skipped++;
      }
      return true;
    };
    return this.slots.sendToMasters(
      () =>
        routedUnit(args, -1, entry.code.length + 32, {
          idempotent: policy === 'replace',
          accept,
          scope: 'library',
        }),
      true,
    );
  }

  private writeLive(entry: CommandEntry | TransactionEntry): undefined | Promise<void> {
    const commands = entry.kind === 'command' ? [entry.argv] : entry.commands;
    const rules = commands.map((argv) => this.commands.ruleFor(argv));
    if (rules.every((rule) => rule !== undefined)) return this.room(this.sendLive(entry, rules as KeyRule[]));
    // a command the table does not know: asked once (COMMAND INFO), so the entry waits for it
    return (async () => {
      const resolved = await Promise.all(commands.map((argv, i) => rules[i] ?? this.commands.resolve(argv)));
      const pending = this.room(this.sendLive(entry, resolved));
      if (pending) await pending;
    })();
  }

  private sendLive(entry: CommandEntry | TransactionEntry, rules: KeyRule[]): NodeHandle | undefined {
    const commands = entry.kind === 'command' ? [entry.argv] : entry.commands;
    if (!this.dbs.has(entry.db)) {
      const argv = commands[0]!;
      const position = commandUtils.keyPositions(argv, rules[0]!)[0];
      this.checkDb(entry.db, position === undefined ? undefined : argv[position]);
    }
    const before = this.commands.skippedCount;
    let last: NodeHandle | undefined;
    if (entry.kind === 'command') {
      for (const route of this.commands.route(entry.argv, rules[0]!)) {
        const bytes = sizeOf(route.argv);
        if (route.kind === 'slot') last = this.slots.route(routedUnit(route.argv, route.slot, bytes));
        else
          last = this.slots.sendToMasters(
            () => routedUnit(route.argv, -1, bytes),
            route.kind === 'broadcast',
          );
      }
    } else {
      for (const group of this.commands.routeTransaction(entry.commands, rules)) {
        const bytes = group.commands.reduce((n, argv) => n + sizeOf(argv), 32);
        const unit = () => routedUnit(['MULTI'], group.slot, bytes, { transaction: group.commands });
        if (group.route === 'slot') last = this.slots.route(unit());
        else last = this.slots.sendToMasters(unit, group.route === 'broadcast');
      }
    }
    this.counters.skipped += this.commands.skippedCount - before;
    return last;
  }

  private checkDb(db: number, key: Buffer | undefined): void {
    if (this.dbs.has(db)) return;
    const what = key ? ` (key ${JSON.stringify(key.toString('latin1'))})` : '';
    throw new ConfigError(
      `source db ${db}${what} cannot be written to a Redis Cluster target, which has only db 0`,
      {
        hint: `map it to db 0 with the cluster writer config dbMap, e.g. { "dbMap": { "${db}": 0 } } (its keys then share db 0 with the others), or filter db ${db} out`,
      },
    );
  }

  /** Backpressure: a promise when the node the entry went to is over its limits. */
  private room(node: NodeHandle | undefined): undefined | Promise<void> {
    if (node) {
      if (
        node.inFlight < this.config.maxInFlightCommands &&
        node.inFlightBytes < this.config.maxInFlightBytes
      )
        return undefined;
    } else if (this.slots.parkedCount === 0) return undefined;
    return new Promise((resolve, reject) => {
      this.waiter = { node, resolve, reject };
      this.checkRoom();
    });
  }

  private checkRoom(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const node = waiter.node;
    const free = node
      ? node.abandoned || (node.inFlight <= this.lowWaterCommands && node.inFlightBytes <= this.lowWaterBytes)
      : this.slots.parkedCount === 0;
    if (!free) return;
    this.waiter = undefined;
    waiter.resolve();
  }

  private drained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w.resolve();
  }

  private failAll(error: ShuttleError): void {
    if (this.fatal) return;
    this.fatal = error;
    this.waiter?.reject(error);
    this.waiter = undefined;
    for (const w of this.drainWaiters) w.reject(error);
    this.drainWaiters = [];
  }

  async flush(): Promise<void> {
    if (this.fatal) throw this.fatal;
    if (this.slots.outstanding === 0) return;
    await new Promise<void>((resolve, reject) =>
      this.drainWaiters.push({ node: undefined, resolve, reject }),
    );
    if (this.fatal) throw this.fatal;
  }

  async close(): Promise<void> {
    this.topology.close();
    await this.slots.close();
  }

  stats(): ClusterWriterStats {
    const links = this.slots.nodes().map((node) => node.link);
    this.counters.commands = this.slots.sent;
    this.counters.reconnects = links.reduce((n, link) => n + link.reconnects, 0);
    this.counters.replayed = links.reduce((n, link) => n + link.replayed, 0) + this.slots.rerouted;
    this.counters.warnings = [
      ...this.notes,
      ...this.slots.events,
      ...this.commands.warnings(),
      ...commandPathWarnings(this.commandPathReasons, this.losses, this.facts?.version),
    ];
    if (this.keyCommands) {
      this.counters.keysByCommands = this.keyCommands.keys;
      this.counters.keys = this.counters.keysByRestore + this.keyCommands.keys;
    }
    return {
      ...this.counters,
      redirections: { ...this.slots.redirections },
      failovers: this.slots.failovers,
      splitCommands: this.commands.splitCommands,
      splitTransactions: this.commands.splitTransactions,
    };
  }

  connections(): ConnectionStatus[] {
    return this.slots.nodes().map((node) => node.status());
  }
}

function sizeOf(argv: Buffer[]): number {
  let n = 16;
  for (const a of argv) n += a.length + 16;
  return n;
}

function passwordInUrl(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
