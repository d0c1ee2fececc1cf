import { type ConnectionState, type Logger, type ShuttleError, TargetError } from '@redis-shuttle/core';
import { type ChainableCommander, Redis, type RedisOptions, ReplyError } from 'ioredis';
import { commandName, type SentCommand } from './SentCommand.js';
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
  private client: Redis | undefined;
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

  /** The live client, for commands outside the write log (discovery). */
  get redis(): Redis | undefined {
    return this.client;
  }

  /** The socket of the live connection, for keepalive strategies. */
  socket(): import('node:net').Socket | undefined {
    return (this.client as unknown as { stream?: import('node:net').Socket })?.stream;
  }

  /** First connection: fails fast (the caller turns the error into a clear message). */
  async open(): Promise<Redis> {
    const client = this.createClient();
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw (client as unknown as { lastError?: unknown }).lastError ?? error;
    }
    if (this.options.confirmReplicas) this.runId = await masterRunId(client);
    this.adopt(client);
    return client;
  }

  // Hot path: called once per unit.
  send(unit: SentCommand): void {
    this.log.push(unit);
    this.inFlightBytes += unit.bytes;
    if (this.state === 'connected') this.dispatch(unit, this.client!, this.generation);
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

  private dispatch(unit: SentCommand, client: Redis, generation: number): void {
    unit.sends++;
    this.lastWriteAt = Date.now();
    if (unit.db >= 0 && unit.db !== this.connectionDb) {
      this.connectionDb = unit.db;
      client.select(unit.db).catch(() => {
        // a connection error: the log replays after reconnecting; SELECT itself cannot fail otherwise
      });
    }
    const [name, ...rest] = unit.args;
    const reply: Promise<unknown> = unit.transaction
      ? (
          client.multi(
            unit.transaction.map(([cmd, ...argv]) => ['call', String(cmd), ...argv]) as never,
          ) as unknown as ChainableCommander
        ).exec()
      : client.call(String(name), ...(rest as Array<string | Buffer | number>));
    reply.then(
      (value) => this.settled(unit, generation, value),
      (error: Error) => this.failed(unit, generation, error),
    );
  }

  private settled(unit: SentCommand, generation: number, value: unknown): void {
    if (generation !== this.generation || unit.acked) return;
    if (unit.transaction && Array.isArray(value)) {
      // ioredis reports a failed command inside EXEC as [error, null]
      const failedInside = (value as Array<[Error | null, unknown]>).find(([error]) => error);
      if (failedInside?.[0]) {
        this.failed(unit, generation, failedInside[0]);
        return;
      }
    }
    this.ack(unit, value);
  }

  private failed(unit: SentCommand, generation: number, error: Error): void {
    if (generation !== this.generation || unit.acked) return;
    if (!(error instanceof ReplyError) && !isExecAbort(error)) return; // connection loss: the log replays
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
          this.dispatch(unit, this.client!, this.generation);
      }, delay).unref();
      return;
    }
    this.fatal(writeError(message, commandName(unit), unit.key));
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
    } else this.inFlightBytes -= unit.bytes;
    const log = this.log;
    while (this.logHead < log.length && log[this.logHead]!.acked) this.logHead++;
    if (this.logHead > 4096 && this.logHead * 2 > log.length) {
      log.splice(0, this.logHead);
      this.logHead = 0;
    }
    unit.onReply?.(value);
    this.events.onAck(unit);
  }

  /** Declares the connection dead (keepalive deadline, half-open peer): reconnect and replay. */
  fail(reason: Error): void {
    if (this.state !== 'connected' || !this.client) return;
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

  private adopt(client: Redis): void {
    this.client = client;
    this.generation++;
    this.connectionDb = 0;
    const generation = this.generation;
    client.once('close', () => {
      if (generation === this.generation) this.lost();
    });
    this.setState('connected');
    for (const listener of this.connectListeners) listener();
  }

  private lost(): void {
    if (this.closing) return;
    this.generation++;
    this.client = undefined;
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
    const client = this.createClient();
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
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
    if (this.closing) {
      client.disconnect();
      return;
    }
    const runId = this.options.confirmReplicas ? await masterRunId(client) : undefined;
    const masterChanged = runId !== undefined && runId !== this.runId;
    if (runId !== undefined) this.runId = runId;
    this.adopt(client);
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
    const client = this.client!;
    for (const unit of pending) this.dispatch(unit, client, this.generation);
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
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        if (client.status === 'ready')
          await Promise.race([client.quit(), new Promise((r) => setTimeout(r, 2000).unref())]);
      } catch {
        // closing anyway
      }
      client.disconnect();
    }
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

function isExecAbort(error: Error): boolean {
  return /EXECABORT/.test(error.message ?? '');
}
