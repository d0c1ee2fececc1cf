import {
  type ConnectionStatus,
  emptyWriterStats,
  type Entry,
  type FunctionEntry,
  inject,
  injectable,
  type KeepaliveHandle,
  type KeepaliveStrategy,
  type KeyEntry,
  type Logger,
  redactUrl,
  type ShuttleError,
  type TargetInfo,
  type ValueChunk,
  type ValueChunkEntry,
  TargetError,
  TOKENS,
  type Writer,
  type WriterStats,
  WrongPluginError,
} from '@redis-shuttle/core';
import type { Redis } from 'ioredis';
import {
  type Arg,
  connectError,
  decodeDumpPayload,
  discover,
  LinkKeepalive,
  linkStatus,
  parseInfo,
  parseSentinelUrl,
  restoreArgs,
  type SentCommand,
  type CommandPathLosses,
  commandPathWarnings,
  commandWeight,
  TargetLink,
  ValueCommandBuilder,
  type TargetFacts,
  writeError,
} from '@redis-shuttle/redis-connection';
import { MODULE_TYPES, moduleTypeOfPayload } from './moduleUtils.js';
import { REDIS_WRITER_CONFIG, type RedisWriterConfig } from './RedisWriterConfig.js';
import { tlsOptions } from './tlsOptions.js';

const RETRYABLE = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|OOM)\b/;

/**
 * Writes entries into a standalone Redis over one pipelined connection (a TargetLink).
 *
 * Keys with a DUMP payload the target loads go as `RESTORE key ttl payload REPLACE ABSTTL`.
 * Units are sent without waiting for replies; `write` asks the pipeline to wait only when the
 * units or bytes not yet acknowledged pass their limits (backpressure). Every reply is checked.
 */
@injectable()
export class RedisWriter implements Writer {
  readonly name = 'redis';
  private link: TargetLink | undefined;
  private facts: TargetFacts | undefined;
  private readonly counters: WriterStats = emptyWriterStats();
  private fatal: ShuttleError | undefined;
  private roomWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private drainWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private keepalive: KeepaliveHandle[] = [];
  private readonly endpoint: string;
  private readonly password: string | undefined;
  private readonly lowWaterCommands: number;
  private readonly commandPathReasons = new Map<string, number>();
  private readonly losses: CommandPathLosses = {
    fieldTtlsDropped: 0,
    pendingDropped: 0,
    moduleKeysSkipped: new Map(),
  };
  private commands!: ValueCommandBuilder;
  /** The key whose value chunks are being written (decoded readers stream big values). */
  private chunked: { entry: KeyEntry; skip: boolean } | undefined;
  private readonly lowWaterBytes: number;

  constructor(
    @inject(REDIS_WRITER_CONFIG) private readonly config: RedisWriterConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.KeepaliveStrategies) private readonly strategies: KeepaliveStrategy[],
  ) {
    const sentinel = parseSentinelUrl(config.url);
    this.endpoint = sentinel
      ? `master ${sentinel.masterName} via Sentinel ${sentinel.sentinels.map((x) => `${x.host}:${x.port}`).join(',')}`
      : redactUrl(config.url).replace(/^rediss?:\/\/([^@]*@)?/i, '');
    this.password = config.password ?? (config.passwordEnv ? process.env[config.passwordEnv] : undefined);
    this.lowWaterCommands = config.maxInFlightCommands >> 1;
    this.lowWaterBytes = config.maxInFlightBytes >> 1;
  }

  async connect(): Promise<TargetInfo> {
    const sentinel = parseSentinelUrl(this.config.url);
    const password = this.password ?? sentinel?.password;
    const secrets = [password, passwordInUrl(this.config.url)];
    const tls = tlsOptions(this.config);
    const link = new TargetLink(
      {
        id: 'target#0',
        url: sentinel ? undefined : this.config.url,
        endpoint: this.endpoint,
        redisOptions: {
          ...(password ? { password } : {}),
          ...(sentinel
            ? { sentinels: sentinel.sentinels, name: sentinel.masterName, username: sentinel.username }
            : {}),
          ...(tls ? { tls, ...(sentinel ? { enableTLSForSentinelMode: true } : {}) } : {}),
          connectTimeout: this.config.connectTimeoutMs,
        },
        reconnectForMs: this.config.reconnectForMs,
        retryableErrors: RETRYABLE,
        retryForMs: this.config.retryForMs,
        ...((this.config.confirmReplicas === 'always' ||
          (this.config.confirmReplicas === 'auto' && sentinel)) && {
          confirmReplicas: {
            everyUnits: Math.max(1, Math.min(1000, this.config.maxInFlightCommands >> 2)),
            waitMs: 1000,
            giveUpMs: 30_000,
          },
        }),
      },
      {
        onAck: () => this.acknowledged(),
        onFatal: (error) => this.failAll(error),
        onState: () => {},
      },
      this.logger,
    );
    this.link = link;
    let client: Redis;
    try {
      client = await link.open();
    } catch (error) {
      throw connectError(error, this.endpoint, secrets);
    }
    this.facts = await discover(client);
    const [major = 0, minor = 0] = this.facts.version.split('.').map(Number);
    this.commands = new ValueCommandBuilder(
      {
        maxElements: this.config.commandElements,
        maxBytes: Math.min(this.config.commandBytes, this.bulkLimit() >> 1),
      },
      { hashFieldTtl: major * 100 + minor >= 704, streamMeta: major >= 7 },
      this.losses,
    );
    if (this.facts.clusterEnabled) {
      await this.close();
      throw new WrongPluginError('writer', 'cluster', `the target ${this.endpoint} is a Redis Cluster node`, {
        hint: 'the cluster writer handles it: npm install @redis-shuttle/writer-cluster',
      });
    }
    await this.prepareTarget(client);
    this.keepalive = this.strategies.map((strategy) => strategy.attach(new LinkKeepalive(link)));
    this.logger.info({ target: this.endpoint, version: this.facts.version }, 'connected to target');
    return {
      description: this.endpoint,
      version: this.facts.version,
      rdbVersion: this.facts.rdbVersion,
      ...(this.facts.idleTimeout !== undefined ? { idleTimeout: this.facts.idleTimeout } : {}),
    };
  }

  /** Says what is already on the target, and empties it when asked to. */
  private async prepareTarget(client: Redis): Promise<void> {
    const keyspace = parseInfo(await client.info('keyspace'));
    const dbs = Object.entries(keyspace).map(([db, v]) => `${db}=${/keys=(\d+)/.exec(v)?.[1] ?? '?'}`);
    if (dbs.length === 0) return;
    if (this.config.flushTarget) {
      await client.flushall();
      await client.call('FUNCTION', 'FLUSH');
      this.logger.warn({ target: this.endpoint, keys: dbs.join(', ') }, 'target emptied before writing');
      this.counters.warnings.push(`the target was emptied before writing (it held ${dbs.join(', ')} keys)`);
      return;
    }
    const warning = `the target was not empty before writing (${dbs.join(', ')} keys); existing keys are ${
      this.config.busyKey === 'replace' ? 'overwritten' : this.config.busyKey === 'skip' ? 'kept' : 'an error'
    } when the source has them too`;
    this.logger.warn({ target: this.endpoint }, warning);
    this.counters.warnings.push(warning);
  }

  // Hot path: one call per entry.
  write(entry: Entry): undefined | Promise<void> {
    if (this.fatal) throw this.fatal;
    this.counters.entries++;
    switch (entry.kind) {
      case 'key': {
        const pending = this.writeKey(entry);
        if (pending) return pending;
        break;
      }
      case 'function':
        this.writeFunction(entry);
        break;
      case 'command':
        this.send(entry.db, entry.argv, sizeOf(entry.argv), false);
        break;
      case 'transaction':
        this.link!.send({
          args: ['MULTI'],
          transaction: entry.commands,
          db: entry.db,
          bytes: this.weigh(entry.commands.reduce((n, argv) => n + sizeOf(argv), 32)),
          acked: false,
          sends: 0,
        });
        this.counters.commands++;
        break;
      case 'value-chunk':
        this.writeChunk(entry);
        break;
    }
    return this.room();
  }

  tick(): void {
    for (const handle of this.keepalive) handle.tick?.();
  }

  /** RESTORE when the target loads the payload; otherwise the command path (returns a promise). */
  private writeKey(entry: KeyEntry): undefined | Promise<void> {
    const facts = this.facts!;
    const dump = entry.dump;
    if (dump) {
      if (
        this.config.restore === 'auto' &&
        dump.rdbVersion <= facts.rdbVersion &&
        dump.payload.length + entry.key.length + 256 <= this.bulkLimit()
      ) {
        this.restore(entry, dump.payload);
        return undefined;
      }
      const reason =
        this.config.restore === 'never'
          ? 'restore = never'
          : dump.rdbVersion > facts.rdbVersion
            ? `their RDB version ${dump.rdbVersion} is newer than the target's (${facts.rdbVersion}, Redis ${facts.version})`
            : `their DUMP payload is larger than the target's proto-max-bulk-len (${this.bulkLimit()} bytes)`;
      this.commandPathReasons.set(reason, (this.commandPathReasons.get(reason) ?? 0) + 1);
      if (!entry.value)
        return this.writeByCommands(
          entry,
          decodeDumpPayload(dump.payload, this.config.commandElements),
          true,
        );
    }
    if (!entry.value) {
      throw new TargetError(
        'E_TARGET_UNSUPPORTED',
        `key ${JSON.stringify(entry.key.toString('latin1'))} has no value to write`,
        {
          hint: 'the reader produced neither a DUMP payload nor a decoded value: this is a bug in the reader',
        },
      );
    }
    if (!dump)
      this.commandPathReasons.set(
        'the reader decoded them',
        (this.commandPathReasons.get('the reader decoded them') ?? 0) + 1,
      );
    return this.writeByCommands(entry, [entry.value], entry.complete);
  }

  private restore(entry: KeyEntry, payload: Buffer): void {
    const replace = this.config.busyKey === 'replace';
    const args = restoreArgs(entry, payload, replace);
    const tolerate = MODULE_TYPES.has(entry.dump?.rdbType ?? -1)
      ? this.moduleMissing(payload, replace)
      : replace
        ? undefined
        : this.busyKey;
    this.send(entry.db, args, payload.length + entry.key.length + 48, true, tolerate);
    this.counters.keys++;
    this.counters.keysByRestore++;
  }

  /**
   * The command path: the key is deleted (or, under busyKey skip/fail, checked), then written chunk
   * by chunk in bounded commands, waiting for room between chunks so a huge value never sits in
   * memory; the TTL follows the last chunk (`complete`), or the last `value-chunk` entry.
   */
  private async writeByCommands(
    entry: KeyEntry,
    chunks: Iterable<ValueChunk>,
    complete: boolean,
  ): Promise<void> {
    if (this.config.busyKey !== 'replace' && (await this.existsOnTarget(entry))) {
      if (this.config.busyKey === 'fail') throw writeError('BUSYKEY', 'RESTORE', entry.key);
      this.counters.skipped++;
      if (!complete) this.chunked = { entry, skip: true };
      return;
    }
    let first = true;
    for (const chunk of chunks) {
      const commands = first ? this.commands.begin(entry, chunk) : this.commands.chunk(entry.key, chunk);
      first = false;
      for (const args of commands) this.sendBuilt(entry.db, args, entry.key);
      await this.room();
    }
    if (complete) this.finishCommandKey(entry);
    else this.chunked = { entry, skip: false };
  }

  private finishCommandKey(entry: KeyEntry): void {
    for (const args of this.commands.end(entry.key, entry.expireAtMs))
      this.sendBuilt(entry.db, args, entry.key);
    this.counters.keys++;
    this.counters.keysByCommands++;
  }

  /** A `value-chunk` entry: the next piece of the key begun by the last incomplete `key` entry. */
  private writeChunk(chunk: ValueChunkEntry): void {
    const state = this.chunked;
    if (!state?.entry.key.equals(chunk.key)) {
      throw new TargetError(
        'E_TARGET_UNSUPPORTED',
        `a value chunk of ${JSON.stringify(chunk.key.toString('latin1'))} came without its key`,
        {
          hint: 'the reader must send a key entry with complete: false before its value chunks: a bug in the reader',
        },
      );
    }
    if (!state.skip) {
      for (const args of this.commands.chunk(chunk.key, chunk.value))
        this.sendBuilt(chunk.db, args, chunk.key);
    }
    if (chunk.last) {
      this.chunked = undefined;
      if (!state.skip) this.finishCommandKey(state.entry);
    }
  }

  /** A command-path command; an XCLAIM that claims nothing met a PEL entry of a deleted stream entry. */
  private sendBuilt(db: number, args: Arg[], key: Buffer): void {
    this.counters.commands++;
    const unit: SentCommand = {
      args,
      db,
      bytes: this.weigh(commandWeight(args)),
      key,
      acked: false,
      sends: 0,
    };
    if (args[0] === 'XCLAIM') {
      unit.onReply = (reply) => {
        if (Array.isArray(reply) && reply.length === 0) this.losses.pendingDropped++;
      };
    }
    this.link!.send(unit);
  }

  private existsOnTarget(entry: KeyEntry): Promise<boolean> {
    return new Promise((resolve) =>
      this.link!.send({
        args: ['EXISTS', entry.key],
        db: entry.db,
        bytes: entry.key.length + 32,
        acked: false,
        sends: 0,
        onReply: (reply) => resolve(Number(reply) > 0),
      }),
    );
  }

  /** Resolves once the units in flight are back under their limits. */
  private room(): Promise<void> | undefined {
    const link = this.link!;
    if (link.inFlight < this.config.maxInFlightCommands && link.inFlightBytes < this.config.maxInFlightBytes)
      return undefined;
    link.requestConfirmation(); // replication-safe: retained writes count until a replica confirms them
    return new Promise((resolve, reject) => {
      this.roomWaiter = { resolve, reject };
    });
  }

  private bulkLimit(): number {
    return this.facts?.protoMaxBulkLen ?? 512 * 1024 * 1024;
  }

  /**
   * A module value the target cannot load (its module is not loaded there: RESTORE answers
   * "Bad data format"): skipped and counted by module type, as the summary says.
   */
  private moduleMissing(payload: Buffer, replace: boolean): (reply: string) => boolean {
    return (reply) => {
      if (!replace && this.busyKey(reply)) return true;
      if (!reply.includes('Bad data format')) return false;
      const name = moduleTypeOfPayload(payload);
      this.losses.moduleKeysSkipped.set(name, (this.losses.moduleKeysSkipped.get(name) ?? 0) + 1);
      this.counters.keys--;
      this.counters.keysByRestore--;
      this.counters.skipped++;
      return true;
    };
  }

  /** BUSYKEY under `busyKey: skip`: the target's key stays, counted as skipped. */
  private readonly busyKey = (reply: string): boolean => {
    if (this.config.busyKey !== 'skip' || !reply.startsWith('BUSYKEY')) return false;
    this.counters.keysByRestore--;
    this.counters.keys--;
    this.counters.skipped++;
    return true;
  };

  private writeFunction(entry: FunctionEntry): void {
    const policy = this.config.functions;
    const args: Arg[] =
      policy === 'replace' ? ['FUNCTION', 'LOAD', 'REPLACE', entry.code] : ['FUNCTION', 'LOAD', entry.code];
    this.counters.functions++;
    this.send(-1, args, entry.code.length + 32, false, (reply) => {
      if (policy !== 'skip' || !/already exists/i.test(reply)) return false;
      this.counters.functions--;
      this.counters.skipped++;
      return true;
    });
  }

  /**
   * One command as one unit. `keyed`: its first argument is the key it writes, which error messages
   * name (keyOf); the unit does not hold the key itself, since every reference a write in flight holds
   * is copied by each young-generation GC.
   */
  private send(db: number, args: Arg[], bytes: number, keyed: boolean, tolerate?: (r: string) => boolean) {
    this.counters.commands++;
    const unit: SentCommand = {
      args,
      db,
      bytes: this.weigh(bytes),
      keyIsFirstArgument: keyed,
      acked: false,
      sends: 0,
    };
    if (tolerate) unit.tolerate = tolerate;
    this.link!.send(unit);
  }

  /**
   * What a unit of `bytes` counts against maxInFlightBytes: at most half of it. A big payload (tens of MB)
   * would otherwise fill the budget alone, and nothing would follow it until the target had read and
   * restored it all, leaving the target idle until the next commands arrived (seen on the bench's big keys).
   */
  private weigh(bytes: number): number {
    return Math.min(bytes, this.lowWaterBytes);
  }

  private acknowledged(): void {
    const link = this.link!;
    const waiter = this.roomWaiter;
    if (waiter && link.inFlight <= this.lowWaterCommands && link.inFlightBytes <= this.lowWaterBytes) {
      this.roomWaiter = undefined;
      waiter.resolve();
    }
    if (link.inFlight === 0 && this.drainWaiters.length > 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w.resolve();
    }
  }

  private failAll(error: ShuttleError): void {
    if (this.fatal) return;
    this.fatal = error;
    this.roomWaiter?.reject(error);
    this.roomWaiter = undefined;
    for (const w of this.drainWaiters) w.reject(error);
    this.drainWaiters = [];
  }

  async flush(): Promise<void> {
    if (this.fatal) throw this.fatal;
    this.link?.requestConfirmation();
    if (!this.link || this.link.inFlight === 0) return;
    await new Promise<void>((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
    if (this.fatal) throw this.fatal;
  }

  async close(): Promise<void> {
    for (const handle of this.keepalive) handle.detach(); // the handles stay: their figures go in the summary
    await this.link?.close();
  }

  stats(): WriterStats {
    if (this.link) {
      this.counters.reconnects = this.link.reconnects;
      this.counters.replayed = this.link.replayed;
    }
    return { ...this.counters, warnings: [...this.counters.warnings, ...this.extraWarnings()] };
  }

  /** Why keys went by commands, what the command path could not carry, writes no replica confirmed. */
  private extraWarnings(): string[] {
    const out = commandPathWarnings(this.commandPathReasons, this.losses, this.facts?.version);
    if (this.link && this.link.unconfirmedWrites > 0) {
      out.push(
        `${this.link.unconfirmedWrites} writes were never confirmed on a replica of the target (WAIT): a failover could have lost them`,
      );
    }
    return out;
  }

  connections(): ConnectionStatus[] {
    if (!this.link) return [];
    return [
      linkStatus(this.link, this.endpoint, {
        names: this.strategies.map((s) => s.name),
        handles: this.keepalive,
      }),
    ];
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
