import {
  type ConnectionState,
  type ConnectionStatus,
  emptyWriterStats,
  type Entry,
  type FunctionEntry,
  inject,
  injectable,
  type KeyEntry,
  type Logger,
  redactUrl,
  type ShuttleError,
  type TargetInfo,
  TargetError,
  TOKENS,
  type Writer,
  type WriterStats,
  WrongPluginError,
} from '@redis-shuttle/core';
import { Redis } from 'ioredis';
import { REDIS_WRITER_CONFIG, type RedisWriterConfig } from './RedisWriterConfig.js';
import { connectError, writeError } from './targetErrors.js';
import { parseInfo, rdbVersionForServer, type TargetFacts } from './targetUtils.js';

type Arg = string | Buffer | number;

/**
 * Writes entries into a standalone Redis over one pipelined connection.
 *
 * Keys with a DUMP payload the target can load go as `RESTORE key ttl payload REPLACE ABSTTL`.
 * Commands are sent without waiting for replies; the writer waits only when the commands
 * or bytes not yet acknowledged pass their limits (backpressure). Every reply is checked:
 * the first error reply stops the run with the key and the command named.
 */
@injectable()
export class RedisWriter implements Writer {
  readonly name = 'redis';
  private client: Redis | undefined;
  private facts: TargetFacts | undefined;
  private readonly counters: WriterStats = emptyWriterStats();
  private inFlightCommands = 0;
  private inFlightBytes = 0;
  private lastWriteAt = Date.now();
  private state: ConnectionState = 'connecting';
  private lastError: string | undefined;
  private fatal: ShuttleError | undefined;
  private roomWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private drainWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private readonly endpoint: string;
  private readonly password: string | undefined;

  constructor(
    @inject(REDIS_WRITER_CONFIG) private readonly config: RedisWriterConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.endpoint = redactUrl(config.url);
    this.password = config.password ?? (config.passwordEnv ? process.env[config.passwordEnv] : undefined);
  }

  async connect(): Promise<TargetInfo> {
    const secrets = [this.password, passwordInUrl(this.config.url)];
    let connected = false;
    let lastError: unknown;
    const client = new Redis(this.config.url, {
      lazyConnect: true,
      ...(this.password ? { password: this.password } : {}),
      connectTimeout: this.config.connectTimeoutMs,
      maxRetriesPerRequest: null,
      enableAutoPipelining: false,
      autoResendUnfulfilledCommands: true,
      retryStrategy: (attempt) => {
        if (!connected) return null;
        return Math.min(50 * 2 ** Math.min(attempt, 10), 2000);
      },
    });
    client.on('error', (error) => {
      lastError = error;
      this.lastError = connectError(error, this.endpoint, secrets).message;
    });
    client.on('reconnecting', () => {
      this.state = 'reconnecting';
      this.counters.reconnects++;
      this.logger.warn(
        { target: this.endpoint, reconnects: this.counters.reconnects },
        'target connection lost, reconnecting',
      );
    });
    client.on('ready', () => {
      this.state = 'connected';
    });
    client.on('end', () => {
      if (connected && !this.closing) this.failAll(connectionLost(this.endpoint, this.lastError));
      this.state = this.closing ? 'closed' : 'failed';
    });
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.state = 'failed';
      client.disconnect();
      throw connectError(lastError ?? error, this.endpoint, secrets);
    }
    connected = true;
    this.facts = await this.discover(client);
    if (this.facts.clusterEnabled) {
      await this.close();
      throw new WrongPluginError('writer', 'cluster', `the target ${this.endpoint} is a Redis Cluster node`, {
        hint: 'the cluster writer handles it: npm install @redis-shuttle/writer-cluster',
      });
    }
    this.state = 'connected';
    this.logger.info({ target: this.endpoint, version: this.facts.version }, 'connected to target');
    return { description: this.endpoint, version: this.facts.version, rdbVersion: this.facts.rdbVersion };
  }

  private closing = false;

  private async discover(client: Redis): Promise<TargetFacts> {
    const info = parseInfo(await client.info());
    const version = info.redis_version ?? '0.0.0';
    let protoMaxBulkLen: number | undefined;
    try {
      const reply = (await client.config('GET', 'proto-max-bulk-len')) as string[];
      if (reply[1]) protoMaxBulkLen = Number(reply[1]);
    } catch {
      // CONFIG refused (managed services): keep the protocol default
    }
    return {
      version,
      rdbVersion: rdbVersionForServer(version),
      clusterEnabled: info.cluster_enabled === '1',
      protoMaxBulkLen,
    };
  }

  // Hot path: one call per entry.
  write(entry: Entry): undefined | Promise<void> {
    if (this.fatal) throw this.fatal;
    this.counters.entries++;
    switch (entry.kind) {
      case 'key':
        this.writeKey(entry);
        break;
      case 'function':
        this.writeFunction(entry);
        break;
      case 'command':
        this.send(entry.db, entry.argv, sizeOf(entry.argv), undefined);
        break;
      case 'transaction':
        this.send(entry.db, [Buffer.from('MULTI')], 5, undefined);
        for (const argv of entry.commands) this.send(entry.db, argv, sizeOf(argv), undefined);
        this.send(entry.db, [Buffer.from('EXEC')], 4, undefined);
        break;
      case 'value-chunk':
        throw new TargetError('E_TARGET_UNSUPPORTED', 'the standalone writer received a value chunk', {
          hint: 'chunked values are written by the command path of writer-redis; this is a bug if you see it',
        });
    }
    if (
      this.inFlightCommands < this.config.maxInFlightCommands &&
      this.inFlightBytes < this.config.maxInFlightBytes
    )
      return undefined;
    return new Promise((resolve, reject) => {
      this.roomWaiter = { resolve, reject };
    });
  }

  private writeKey(entry: KeyEntry): void {
    const facts = this.facts!;
    const dump = entry.dump;
    if (!dump || dump.rdbVersion > facts.rdbVersion) {
      throw new TargetError(
        'E_TARGET_UNSUPPORTED',
        `key ${JSON.stringify(entry.key.toString('latin1'))} is encoded in RDB version ${dump?.rdbVersion ?? '?'} but the target (Redis ${facts.version}) loads up to ${facts.rdbVersion}`,
        { hint: 'migrate into a target of the same or a newer Redis version' },
      );
    }
    const args: Arg[] = ['RESTORE', entry.key, entry.expireAtMs ?? 0, dump.payload, 'REPLACE', 'ABSTTL'];
    if (entry.freq !== undefined) args.push('FREQ', entry.freq);
    else if (entry.idleSeconds !== undefined) args.push('IDLETIME', entry.idleSeconds);
    this.send(entry.db, args, dump.payload.length + entry.key.length + 48, entry.key);
    this.counters.keys++;
    this.counters.keysByRestore++;
  }

  private writeFunction(entry: FunctionEntry): void {
    const policy = this.config.functions;
    const args: Arg[] =
      policy === 'replace' ? ['FUNCTION', 'LOAD', 'REPLACE', entry.code] : ['FUNCTION', 'LOAD', entry.code];
    this.counters.functions++;
    this.send(-1, args, entry.code.length + 32, undefined, (reply) => {
      if (policy === 'skip' && /already exists/i.test(reply)) {
        this.counters.functions--;
        this.counters.skipped++;
        return true;
      }
      return false;
    });
  }

  /**
   * Sends one command; db -1 means "any db". `tolerate` may accept an error reply.
   * Replies are accounted here and only here.
   */
  private send(
    db: number,
    args: Arg[],
    bytes: number,
    key: Buffer | undefined,
    tolerate?: (reply: string) => boolean,
  ) {
    const client = this.client!;
    if (db >= 0 && db !== this.currentDb) {
      this.currentDb = db;
      this.track(client.select(db), 16, undefined, 'SELECT');
    }
    const [name, ...rest] = args;
    this.track(
      client.call(name as string, ...(rest as Array<string | Buffer | number>)),
      bytes,
      key,
      String(name),
      tolerate,
    );
  }

  private currentDb = 0;

  private track(
    reply: Promise<unknown>,
    bytes: number,
    key: Buffer | undefined,
    command: string,
    tolerate?: (reply: string) => boolean,
  ): void {
    this.inFlightCommands++;
    this.inFlightBytes += bytes;
    this.counters.commands++;
    this.lastWriteAt = Date.now();
    reply.then(
      () => this.acknowledge(bytes),
      (error: Error) => {
        this.acknowledge(bytes);
        const message = error?.message ?? String(error);
        if (tolerate?.(message)) return;
        this.failAll(writeError(message, command, key));
      },
    );
  }

  private acknowledge(bytes: number): void {
    this.inFlightCommands--;
    this.inFlightBytes -= bytes;
    const waiter = this.roomWaiter;
    if (
      waiter &&
      this.inFlightCommands <= this.config.maxInFlightCommands >> 1 &&
      this.inFlightBytes <= this.config.maxInFlightBytes >> 1
    ) {
      this.roomWaiter = undefined;
      waiter.resolve();
    }
    if (this.inFlightCommands === 0 && this.drainWaiters.length > 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w.resolve();
    }
  }

  private failAll(error: ShuttleError): void {
    if (this.fatal) return;
    this.fatal = error;
    this.lastError = error.message;
    this.roomWaiter?.reject(error);
    this.roomWaiter = undefined;
    for (const w of this.drainWaiters) w.reject(error);
    this.drainWaiters = [];
  }

  async flush(): Promise<void> {
    if (this.fatal) throw this.fatal;
    if (this.inFlightCommands === 0) return;
    await new Promise<void>((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
    if (this.fatal) throw this.fatal;
  }

  async close(): Promise<void> {
    this.closing = true;
    const client = this.client;
    if (!client) return;
    try {
      if (client.status === 'ready') await Promise.race([client.quit(), delay(2000)]);
    } catch {
      // closing anyway
    } finally {
      client.disconnect();
      this.state = 'closed';
    }
  }

  stats(): WriterStats {
    return this.counters;
  }

  connections(): ConnectionStatus[] {
    return [
      {
        id: 'target#0',
        role: 'target',
        endpoint: this.endpoint,
        state: this.state,
        idleMs: Date.now() - this.lastWriteAt,
        inFlight: this.inFlightCommands,
        reconnects: this.counters.reconnects,
        replayed: this.counters.replayed,
        keepalive: [],
        pingsSent: 0,
        ...(this.lastError ? { lastError: this.lastError } : {}),
      },
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

function connectionLost(endpoint: string, lastError: string | undefined): ShuttleError {
  return new TargetError(
    'E_CONNECTION_LOST',
    `the connection to the target ${endpoint} was lost and could not be re-established`,
    {
      hint: lastError
        ? `last error: ${lastError}`
        : 'check that the target is up, then run the migration again',
    },
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
