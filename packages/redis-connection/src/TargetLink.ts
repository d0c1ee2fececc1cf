import { type ConnectionState, type Logger, type ShuttleError, TargetError } from '@redis-shuttle/core';
import { isIP, type Socket } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { ConnectionClosedError, RespConnection, ServerReplyError } from './RespConnection.js';
import { type Arg, commandName, keyOf, type SentCommand } from './SentCommand.js';
import { writeError } from './targetErrors.js';

export interface TargetLinkOptions {
  id: string;
  /** redis:// URL (with credentials: never logged); undefined when redisOptions say where (Sentinel). */
  url: string | undefined;
  /** host:port for messages. */
  endpoint: string;
  redisOptions: RedisOptions;
  /** How long a lost connection is retried before the link fails. */
  reconnectForMs: number;
  /** Server errors retried with backoff (e.g. LOADING), and for how long. */
  retryableErrors: RegExp;
  retryForMs: number;
  /**
   * Replication-safe acknowledgement (for replicated targets that fail over, e.g. Sentinel): an
   * acknowledged write stays retained until `WAIT 1 waitMs` says a replica has it; when a reconnect
   * lands on another master (a failover), retained writes are replayed with the unacknowledged ones.
   */
  confirmReplicas?: { everyUnits: number; waitMs: number; giveUpMs: number };
}

export interface LinkEvents {
  /** The link gave up: every waiter must fail with this error. */
  onFatal(error: ShuttleError): void;
  /** Room freed (a unit was acknowledged). */
  /** Room freed: a unit acknowledged (or, replication-safe, a batch confirmed: undefined). */
  onAck(unit: SentCommand | undefined): void;
  onState(state: ConnectionState): void;
}

/**
 * One connection to the target with its own ordered log of unacknowledged writes.
 *
 * Every unit stays in the log until the target acknowledges it. When the connection drops,
 * the link reconnects with capped exponential backoff (a fresh client, which re-AUTHs), selects
 * the right database and sends the log again in order; a MULTI…EXEC group goes again as one
 * unit (the server discarded the half-sent one). Acknowledged units are never sent twice.
 */
export class TargetLink {
  state: ConnectionState = 'connecting';
  reconnects = 0;
  replayed = 0;
  lastError: string | undefined;
  lastWriteAt = Date.now();
  /** The write path: a raw RESP connection. */
  private conn: RespConnection | undefined;
  /** ioredis, for resolving (Sentinel) and asking the target things outside the write log. */
  private admin: Redis | undefined;
  private generation = 0;
  private connectionDb = 0;
  private readonly log: SentCommand[] = [];
  private logHead = 0;
  private closing = false;
  private lostAt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  inFlightBytes = 0;
  /** Writes given up on confirmation (no replica answered within giveUpMs). */
  unconfirmedWrites = 0;
  private retained: SentCommand[] = [];
  private sinceWait = 0;
  private waitPending = false;
  private unconfirmedSince: number | undefined;
  private runId: string | undefined;
  /** Called after every (re)connection, e.g. by keepalive strategies that set socket options. */
  readonly connectListeners: Array<() => void> = [];

  constructor(
    private readonly options: TargetLinkOptions,
    private readonly events: LinkEvents,
    private readonly logger: Logger,
  ) {}

  get id(): string {
    return this.options.id;
  }

  get endpoint(): string {
    return this.options.endpoint;
  }

  /** Units written and not yet acknowledged (or, replication-safe, not yet confirmed on a replica). */
  get inFlight(): number {
    return this.log.length - this.logHead + this.retained.length;
  }

  /** An ioredis client to the current target, for commands outside the write log (discovery, admin). */
  get redis(): Redis | undefined {
    return this.admin;
  }

  /** The socket of the write connection, for keepalive strategies. */
  socket(): Socket | undefined {
    return this.conn?.socket;
  }

  /** A command on the write connection, outside the log (not replayed): e.g. CONFIG GET. */
  command(args: Arg[]): Promise<unknown> {
    if (!this.conn) return Promise.reject(new Error('not connected'));
    return this.conn.command(args);
  }

  /** First connection: fails fast (the caller turns the error into a clear message). */
  async open(): Promise<Redis> {
    const { admin, conn } = await this.connectOnce();
    if (this.options.confirmReplicas) this.runId = await masterRunId(admin);
    this.adopt(admin, conn);
    return admin;
  }

  /**
   * Connects ioredis first (it resolves Sentinel and authenticates), then the write connection to
   * the very server ioredis reached, with the same credentials and TLS options.
   */
  private async connectOnce(): Promise<{ admin: Redis; conn: RespConnection }> {
    const admin = this.createClient();
    try {
      await admin.connect();
    } catch (error) {
      admin.disconnect();
      throw (admin as unknown as { lastError?: unknown }).lastError ?? error;
    }
    const stream = (admin as unknown as { stream?: Socket }).stream;
    const host = stream?.remoteAddress ?? admin.options.host ?? '127.0.0.1';
    const port = stream?.remotePort ?? admin.options.port ?? 6379;
    const o = this.options.redisOptions;
    const tls = admin.options.tls;
    try {
      const conn = await RespConnection.connect({
        host,
        port,
        ...(admin.options.username ? { username: admin.options.username } : {}),
        ...(admin.options.password ? { password: admin.options.password } : {}),
        ...(tls
          ? {
              tls: {
                ...tls,
                ...(tls.servername || isIP(admin.options.host ?? '')
                  ? {}
                  : { servername: admin.options.host }),
              },
            }
          : {}),
        connectTimeoutMs: o.connectTimeout ?? 10_000,
      });
      return { admin, conn };
    } catch (error) {
      admin.disconnect();
      throw error;
    }
  }

  // Hot path: called once per unit.
  send(unit: SentCommand): void {
    this.log.push(unit);
    this.inFlightBytes += unit.bytes;
    if (this.state === 'connected') this.dispatch(unit, this.conn!);
    const confirm = this.options.confirmReplicas;
    if (confirm && !unit.internal && ++this.sinceWait >= confirm.everyUnits) this.requestConfirmation();
  }

  /** Asks the target to confirm, with WAIT, that a replica has every write acknowledged so far. */
  requestConfirmation(): void {
    const confirm = this.options.confirmReplicas;
    if (!confirm || this.waitPending) return;
    this.waitPending = true;
    this.sinceWait = 0;
    this.send({
      args: ['WAIT', 1, confirm.waitMs],
      db: -1,
      bytes: 0,
      acked: false,
      sends: 0,
      internal: true,
      onReply: (replicas) => {
        this.waitPending = false;
        if (Number(replicas) >= 1) this.confirmRetained();
        else this.notConfirmed();
      },
    });
  }

  private confirmRetained(): void {
    if (this.retained.length === 0) return;
    for (const unit of this.retained) this.inFlightBytes -= unit.bytes;
    this.retained = [];
    this.unconfirmedSince = undefined;
    this.events.onAck(undefined);
  }

  /** No replica confirmed: ask again shortly; past giveUpMs, stop holding the writes and say so. */
  private notConfirmed(): void {
    if (this.retained.length === 0) return;
    const confirm = this.options.confirmReplicas!;
    this.unconfirmedSince ??= Date.now();
    if (Date.now() - this.unconfirmedSince >= confirm.giveUpMs) {
      this.unconfirmedWrites += this.retained.length;
      this.logger.warn(
        { target: this.options.endpoint, writes: this.retained.length },
        'no replica confirmed these writes: a failover now could lose them',
      );
      this.confirmRetained();
      return;
    }
    setTimeout(() => this.requestConfirmation(), 100).unref();
  }

  // Hot path: one RESP command (or MULTI…EXEC) per unit, a callback per reply, no promise.
  private dispatch(unit: SentCommand, conn: RespConnection): void {
    unit.sends++;
    this.lastWriteAt = Date.now();
    if (unit.db >= 0 && unit.db !== this.connectionDb) {
      this.connectionDb = unit.db;
      conn.send(['SELECT', unit.db], ignoreReply);
    }
    const onReply = this.replyHandler!;
    if (!unit.transaction) {
      if (unit.encoded !== undefined) {
        conn.sendEncoded(unit.encoded, unit.encodedStart!, unit.encodedEnd!, onReply, unit);
        return;
      }
      conn.send(unit.args, onReply, unit);
      // keep the bytes, not the arguments: one reference per write in flight (less for the GC to copy)
      const encoded = conn.lastEncoded;
      if (encoded.buffer !== undefined) {
        unit.encoded = encoded.buffer;
        unit.encodedStart = encoded.start;
        unit.encodedEnd = encoded.end;
        unit.args = RELEASED;
      }
      return;
    }
    conn.send(['MULTI'], ignoreReply);
    for (const argv of unit.transaction) conn.send(argv, ignoreReply); // QUEUED, or an error EXEC reports
    conn.send(['EXEC'], onReply, unit);
  }

  /** The reply callback of the current connection's units (one per connection, not one per unit). */
  private replyHandler: ((error: Error | null, reply: unknown, unit?: unknown) => void) | undefined;

  private handlerFor(generation: number): (error: Error | null, reply: unknown, unit?: unknown) => void {
    return (error, reply, unit) => {
      if (error) this.failed(unit as SentCommand, generation, error);
      else this.settled(unit as SentCommand, generation, reply);
    };
  }

  private settled(unit: SentCommand, generation: number, value: unknown): void {
    if (generation !== this.generation || unit.acked) return;
    if (unit.transaction && Array.isArray(value)) {
      // a command that failed inside EXEC is an error in EXEC's reply
      const failedInside = value.find((v) => v instanceof Error) as Error | undefined;
      if (failedInside) {
        this.failed(unit, generation, new ServerReplyError(failedInside.message));
        return;
      }
    }
    this.ack(unit, value);
  }

  private failed(unit: SentCommand, generation: number, error: Error): void {
    if (generation !== this.generation || unit.acked) return;
    if (error instanceof ConnectionClosedError || !(error instanceof ServerReplyError)) return; // the log replays
    const message = error.message ?? String(error);
    if (message.startsWith('READONLY')) {
      // A failover made this node a replica: reconnect (through Sentinel, to the new master) and replay.
      this.fail(new Error(`the target became a read-only replica (${message.split('\n')[0]})`));
      return;
    }
    if (unit.tolerate?.(message)) {
      this.ack(unit, error);
      return;
    }
    if (this.options.retryableErrors.test(message) && this.retryable(unit)) {
      this.lastError = message;
      this.logger.warn({ target: this.options.endpoint, error: message }, 'target busy, retrying');
      const delay = Math.min(100 * 2 ** Math.min(unit.sends, 6), 5000);
      setTimeout(() => {
        if (this.state === 'connected' && !unit.acked && generation === this.generation)
          this.dispatch(unit, this.conn!);
      }, delay).unref();
      return;
    }
    this.fatal(writeError(message, commandName(unit), keyOf(unit)));
  }

  private retryUntil = new WeakMap<SentCommand, number>();

  private retryable(unit: SentCommand): boolean {
    const now = Date.now();
    let until = this.retryUntil.get(unit);
    if (until === undefined) {
      until = now + this.options.retryForMs;
      this.retryUntil.set(unit, until);
    }
    return now < until;
  }

  private ack(unit: SentCommand, value: unknown): void {
    unit.acked = true;
    const confirm = this.options.confirmReplicas;
    if (confirm && !unit.internal) {
      this.retained.push(unit);
      if (this.retained.length >= confirm.everyUnits) this.requestConfirmation();
    } else {
      this.inFlightBytes -= unit.bytes;
      // never sent again: let its arguments (payloads, value pieces) go now, not at the next compaction
      unit.args = RELEASED;
      unit.transaction = undefined;
      unit.encoded = undefined;
    }
    const log = this.log;
    while (this.logHead < log.length && log[this.logHead]!.acked) this.logHead++;
    if (this.logHead > 1024 && this.logHead * 2 > log.length) {
      log.splice(0, this.logHead);
      this.logHead = 0;
    }
    unit.onReply?.(value);
    this.events.onAck(unit);
  }

  /** Declares the connection dead (keepalive deadline, half-open peer): reconnect and replay. */
  fail(reason: Error): void {
    if (this.state !== 'connected' || !this.conn) return;
    this.lastError = reason.message;
    this.logger.warn(
      { target: this.options.endpoint, reason: reason.message },
      'target connection declared dead',
    );
    this.socket()?.destroy(reason);
  }

  private createClient(): Redis {
    const options: RedisOptions = {
      ...this.options.redisOptions,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      enableAutoPipelining: false,
      autoResendUnfulfilledCommands: false,
    };
    const client = this.options.url === undefined ? new Redis(options) : new Redis(this.options.url, options);
    client.on('error', (error: Error) => {
      (client as unknown as { lastError?: unknown }).lastError = error;
      this.lastError = error.message;
    });
    return client;
  }

  private adopt(admin: Redis, conn: RespConnection): void {
    this.admin?.disconnect();
    this.admin = admin;
    this.conn = conn;
    this.generation++;
    this.connectionDb = 0;
    const generation = this.generation;
    this.replyHandler = this.handlerFor(generation);
    conn.onceClosed(() => {
      if (generation === this.generation) this.lost();
    });
    this.setState('connected');
    for (const listener of this.connectListeners) listener();
  }

  private lost(): void {
    if (this.closing) return;
    this.generation++;
    this.conn = undefined;
    this.reconnects++;
    this.lostAt = Date.now();
    this.setState('reconnecting');
    this.logger.warn(
      { target: this.options.endpoint, unacknowledged: this.inFlight, reconnects: this.reconnects },
      'target connection lost, reconnecting',
    );
    this.scheduleReconnect(1);
  }

  private scheduleReconnect(attempt: number): void {
    const delay = Math.min(50 * 2 ** (attempt - 1), 2000);
    this.reconnectTimer = setTimeout(() => void this.reconnect(attempt), delay);
  }

  private async reconnect(attempt: number): Promise<void> {
    if (this.closing) return;
    let connected: { admin: Redis; conn: RespConnection };
    try {
      connected = await this.connectOnce();
    } catch (error) {
      this.lastError = (error as Error).message;
      if (Date.now() - this.lostAt >= this.options.reconnectForMs) {
        return this.fatal(
          new TargetError(
            'E_CONNECTION_LOST',
            `the connection to the target ${this.options.endpoint} was lost and could not be re-established for ${Math.round(this.options.reconnectForMs / 1000)} s`,
            {
              hint: `last error: ${this.lastError ?? (error as Error).message}; check the target, then run again`,
            },
          ),
        );
      }
      return this.scheduleReconnect(attempt + 1);
    }
    const { admin, conn } = connected;
    if (this.closing) {
      admin.disconnect();
      conn.socket.destroy();
      return;
    }
    const runId = this.options.confirmReplicas ? await masterRunId(admin) : undefined;
    const masterChanged = runId !== undefined && runId !== this.runId;
    if (runId !== undefined) this.runId = runId;
    this.adopt(admin, conn);
    this.replay(masterChanged);
  }

  private replay(masterChanged: boolean): void {
    if (masterChanged && this.retained.length > 0) {
      // A failover: writes the old master acknowledged may not have reached the new one. Send them again.
      this.logger.warn(
        { target: this.options.endpoint, writes: this.retained.length },
        'the target master changed: replaying writes not confirmed on a replica',
      );
      for (const unit of this.retained) unit.acked = false;
      this.log.splice(this.logHead, 0, ...this.retained);
      this.retained = [];
      this.unconfirmedSince = undefined;
    }
    this.waitPending = false;
    const pending = this.log.slice(this.logHead).filter((unit) => !unit.acked);
    if (pending.length === 0) return;
    this.replayed += pending.length;
    this.logger.info(
      { target: this.options.endpoint, replayed: pending.length },
      'replaying unacknowledged writes',
    );
    const conn = this.conn!;
    for (const unit of pending) this.dispatch(unit, conn);
  }

  private fatal(error: ShuttleError): void {
    this.lastError = error.message;
    this.setState('failed');
    this.events.onFatal(error);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.events.onState(state);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    const conn = this.conn;
    this.conn = undefined;
    this.admin?.disconnect();
    await conn?.close();
    this.setState('closed');
  }
}

/** The server's run_id: it changes when a failover puts another server behind the same address. */
async function masterRunId(client: Redis): Promise<string | undefined> {
  try {
    return /run_id:(\w+)/.exec(await client.info('server'))?.[1];
  } catch {
    return undefined;
  }
}

const RELEASED: Arg[] = [];

function ignoreReply(): void {
  // SELECT, MULTI and QUEUED replies: failures show in the unit's own reply (or the connection closes)
}
