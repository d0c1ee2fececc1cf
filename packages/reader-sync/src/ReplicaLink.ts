import type { Socket } from 'node:net';
import { type Logger, redactSecrets, ShuttleError, SourceError } from '@redis-shuttle/core';
import { encodeCommand, parseBulkHeader, parsePsyncReply, sleep } from './replicationUtils.js';
import { firstLine, handshakeError, sourceConnectError } from './sourceErrors.js';
import { openSocket, type SourceAddress } from './sourceUtils.js';
import { RdbTransfer } from './RdbTransfer.js';
import { SegmentQueue } from './SegmentQueue.js';
import type { Spool } from './Spool.js';
import type { SyncReaderConfig } from './SyncReaderConfig.js';

/** An RDB transfer (a full sync), as it arrives. */
export interface RdbSegment {
  kind: 'rdb';
  spool: Spool;
  replid: string;
  /** The master offset the snapshot corresponds to. */
  offset: number;
}

/** The command stream after a full sync; it lives on through partial resyncs. */
export interface StreamSegment {
  kind: 'stream';
  spool: Spool;
  /** Master offset of the byte before the first byte of this stream. */
  startOffset: number;
  /** Master offset up to which the consumer has processed the stream. */
  consumedOffset: number;
  /** Snapshot mode: the master offset at the end of the transfer, once known. */
  stopOffset?: number;
}

export type Segment = RdbSegment | StreamSegment;

export interface ReplicaLinkEvents {
  /** An RDB transfer has been received completely; its command stream starts. */
  onTransferEnd(segment: StreamSegment): void;
  /** Where the master is now (Sentinel), asked before each reconnection attempt. */
  resolveSource?(): Promise<SourceAddress>;
  /** The link moved to another master (after a failover). */
  onSourceChange?(source: SourceAddress): void;
}

type State = 'idle' | 'reply' | 'hold' | 'bulk-header' | 'rdb' | 'stream';

const EMPTY = Buffer.alloc(0);
/** How often the link ACKs while it waits for a diskless master to start the command stream. */
const STREAM_START_ACK_MS = 20;

/**
 * One replication link to a master, acting as a replica: AUTH, REPLCONF, PSYNC, then the RDB
 * (disk-based `$<len>` or diskless `$EOF:<mark>`) and the command stream, each written at
 * network speed into a Spool that the reader consumes at the target's pace. Sends
 * `REPLCONF ACK` every second, and on a lost link reconnects with `PSYNC <replid> <offset>`
 * (a partial resync), or takes the full sync the master insists on.
 *
 * The segments (RDB, stream, RDB again after a refused partial resync, …) are queued in order
 * for the consumer.
 */
export class ReplicaLink {
  replid = '?';
  /** Master offset of the last stream byte received (-1 before the first full sync). */
  receivedOffset = -1;
  bytesRead = 0;
  fullSyncs = 0;
  partialSyncs = 0;
  reconnects = 0;
  lastError: string | undefined;
  private lastDataAt = Date.now();
  private socket: Socket | undefined;
  private state: State = 'idle';
  private buffer: Buffer = EMPTY;
  private lineWaiter:
    | { resolve: (line: string) => void; reject: (error: Error) => void; alive: () => void }
    | undefined;
  private initialOffset = 0;
  /** The RDB being received, and its spool. */
  private rdb: Spool | undefined;
  private transfer: RdbTransfer | undefined;
  private lastTransfer: RdbTransfer | undefined;
  private stream: StreamSegment | undefined;
  private readonly segments: SegmentQueue;
  private failure: Error | undefined;
  private closed = false;
  private reconnecting = false;
  private timer: NodeJS.Timeout | undefined;
  private streamStartTimer: NodeJS.Timeout | undefined;

  constructor(
    private source: SourceAddress,
    private readonly config: SyncReaderConfig,
    private readonly logger: Logger,
    private readonly events: ReplicaLinkEvents,
  ) {
    this.segments = new SegmentQueue(config);
  }

  /** Spool bytes waiting for the consumer, in memory and on disk. */
  get spooledBytes(): number {
    return this.segments.spooledBytes;
  }

  /** RDB bytes received in the current (or last) full sync. */
  get rdbBytes(): number {
    return (this.transfer ?? this.lastTransfer)?.bytes ?? 0;
  }

  /** Size of the current (or last) RDB, when known (always once received). */
  get rdbSize(): number | undefined {
    if (this.transfer) return this.transfer.size;
    return this.lastTransfer?.bytes;
  }

  /** Connects and sends PSYNC; resolves once the master accepted it. */
  async start(): Promise<void> {
    try {
      await this.connectAndSync();
    } catch (error) {
      this.socket?.destroy();
      throw error;
    }
    this.timer = setInterval(() => this.tick(), this.config.ackIntervalMs);
    this.timer.unref();
  }

  /** The next segment, in order; null once closed or when the signal aborts. */
  nextSegment(signal: AbortSignal): Promise<Segment | null> {
    return this.segments.next(signal);
  }

  /** `REPLCONF ACK <offset>` with the offset the consumer has processed. */
  sendAck(): void {
    const socket = this.socket;
    if (this.state !== 'stream' || !socket || socket.destroyed || !this.stream) return;
    socket.write(encodeCommand(['REPLCONF', 'ACK', this.stream.consumedOffset]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    clearInterval(this.streamStartTimer);
    this.socket?.destroy();
    this.segments.close();
  }

  // ---- connection and handshake ----

  private async connectAndSync(): Promise<void> {
    const socket = await openSocket(this.source, this.config);
    this.socket = socket;
    this.buffer = EMPTY;
    this.state = 'hold';
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => {
      this.lastError = redactSecrets(error.message, this.source.secrets);
    });
    socket.on('close', () => this.onClose(socket));
    const { username, password } = this.source;
    if (password) await this.handshake(username ? ['AUTH', username, password] : ['AUTH', password]);
    else await this.handshake(['PING']);
    await this.handshake(['REPLCONF', 'listening-port', socket.localPort ?? 0]);
    await this.handshake(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
    const resume = this.stream !== undefined && this.replid !== '?';
    const psyncArgs = resume ? ['PSYNC', this.replid, this.receivedOffset + 1] : ['PSYNC', '?', -1];
    const reply = parsePsyncReply(await this.command(psyncArgs));
    if (socket.destroyed || this.socket !== socket) throw new Error('the connection closed during PSYNC');
    if (reply.kind === 'error') throw this.replyError('PSYNC', `-${reply.message}`);
    if (reply.kind === 'continue') {
      this.partialSyncs++;
      if (reply.replid && reply.replid !== this.replid) {
        this.logger.info({ from: this.replid, to: reply.replid }, 'the source has a new replication id');
        this.replid = reply.replid;
      }
      this.logger.info(
        { source: this.source.endpoint, offset: this.receivedOffset },
        'partial resync accepted',
      );
      this.enter('stream');
      this.sendAck();
      return;
    }
    this.startFullSync(reply.replid, reply.offset);
  }

  private startFullSync(replid: string, offset: number): void {
    if (this.stream) {
      this.logger.warn(
        { source: this.source.endpoint, fullSyncs: this.fullSyncs + 1 },
        'the source refused a partial resync: a new full sync starts; its snapshot is applied again with RESTORE REPLACE, keys deleted on the source meanwhile stay on the target',
      );
      this.stream.spool.end();
      this.stream = undefined;
    } else if (this.fullSyncs > 0) {
      this.logger.warn({ source: this.source.endpoint }, 'the full sync was interrupted: it starts again');
    }
    this.fullSyncs++;
    this.replid = replid;
    this.initialOffset = offset;
    this.rdb = this.segments.newSpool('rdb', 0);
    this.transfer = undefined;
    this.segments.push({ kind: 'rdb', spool: this.rdb, replid, offset });
    this.logger.info({ source: this.source.endpoint, replid, offset }, 'full sync: waiting for the RDB');
    this.enter('bulk-header');
  }

  /** A handshake step: any error reply is fatal, except a transient one (retried by the caller). */
  private async handshake(args: Array<string | number>): Promise<void> {
    const line = await this.command(args);
    if (line.startsWith('-')) throw this.replyError(String(args[0]), line);
  }

  private replyError(step: string, line: string): Error {
    return handshakeError(step, redactSecrets(line, this.source.secrets), this.source.endpoint);
  }

  /**
   * Sends one command and resolves with its reply line. The timeout restarts on each newline
   * keepalive: a master that makes the replica wait for a BGSAVE (`repl-diskless-sync-delay`,
   * another save in progress) sends one every second before `+FULLRESYNC`.
   */
  private command(args: Array<string | number>): Promise<string> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.lineWaiter = undefined;
          this.socket?.destroy();
          reject(
            Object.assign(new Error(`no answer to ${args[0]} in ${this.config.connectTimeoutMs} ms`), {
              code: 'ETIMEDOUT',
            }),
          );
        }, this.config.connectTimeoutMs);
      };
      arm();
      this.lineWaiter = {
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
        alive: arm,
      };
      this.enter('reply');
      this.socket!.write(encodeCommand(args));
    });
  }

  // ---- incoming bytes ----

  private enter(state: State): void {
    this.state = state;
    const held = this.buffer;
    this.buffer = EMPTY;
    if (held.length > 0) this.feed(held);
  }

  private onData(chunk: Buffer): void {
    this.bytesRead += chunk.length;
    this.lastDataAt = Date.now();
    try {
      this.feed(chunk);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private feed(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      switch (this.state) {
        case 'stream':
          this.stream!.spool.append(data);
          this.receivedOffset += data.length;
          return;
        case 'rdb':
          data = this.transfer!.feed(data);
          if (this.transfer!.done) this.finishRdb();
          break;
        case 'reply':
        case 'bulk-header':
          data = this.feedLine(data);
          break;
        case 'hold':
          this.buffer = this.buffer.length > 0 ? Buffer.concat([this.buffer, data]) : data;
          return;
        case 'idle':
          return;
      }
    }
  }

  /** A reply line (handshake) or the bulk header of the RDB; lone `\n` are the master's keepalives. */
  private feedLine(data: Buffer): Buffer {
    const buf = this.buffer.length > 0 ? Buffer.concat([this.buffer, data]) : data;
    let start = 0;
    while (start < buf.length && buf[start] === 0x0a) start++;
    if (start > 0) this.lineWaiter?.alive();
    const eol = buf.indexOf('\r\n', start);
    if (eol < 0) {
      this.buffer = buf.subarray(start);
      return EMPTY;
    }
    this.buffer = EMPTY;
    const line = buf.toString('latin1', start, eol);
    const rest = buf.subarray(eol + 2);
    if (this.state === 'reply') {
      this.state = 'hold';
      const waiter = this.lineWaiter;
      this.lineWaiter = undefined;
      waiter?.resolve(line);
      return rest;
    }
    const header = parseBulkHeader(line);
    if (!header) {
      throw new SourceError(
        'E_SOURCE_UNREACHABLE',
        `the source ${this.source.endpoint} aborted the full sync: ${firstLine(redactSecrets(line, this.source.secrets))}`,
        {
          hint: 'check the source log (a failed BGSAVE, a full disk, or a too small client-output-buffer-limit replica)',
        },
      );
    }
    this.transfer = new RdbTransfer(header, this.rdb!);
    this.state = 'rdb';
    this.logger.info('size' in header ? { bytes: header.size } : { diskless: true }, 'receiving the RDB');
    if (this.transfer.done) this.finishRdb();
    return rest;
  }

  private finishRdb(): void {
    this.rdb!.end();
    this.rdb = undefined;
    this.lastTransfer = this.transfer;
    this.transfer = undefined;
    const segment: StreamSegment = {
      kind: 'stream',
      spool: this.segments.newSpool('stream', this.config.memoryBufferBytes),
      startOffset: this.initialOffset,
      consumedOffset: this.initialOffset,
    };
    this.stream = segment;
    this.receivedOffset = this.initialOffset;
    this.state = 'stream';
    this.segments.push(segment);
    this.logger.info(
      { bytes: this.rdbBytes, offset: this.initialOffset },
      'RDB received: following the command stream',
    );
    this.ackUntilStreamStarts();
    this.events.onTransferEnd(segment);
  }

  /**
   * A diskless master starts the command stream on the first `REPLCONF ACK` it gets once it has
   * seen its RDB child exit, which its cron notices up to 100 ms (more when busy) after the
   * transfer ended; an ACK that arrives before is ignored. Sent only when the RDB ends and then
   * every `ackIntervalMs`, the stream (and every write made meanwhile) would wait up to a second.
   * So ACK at once and every 20 ms until the first stream byte arrives, for at most `ackIntervalMs`.
   */
  private ackUntilStreamStarts(): void {
    this.sendAck();
    clearInterval(this.streamStartTimer);
    const started = Date.now();
    const offset = this.receivedOffset;
    const stream = this.stream;
    this.streamStartTimer = setInterval(() => {
      const waiting = !this.closed && this.stream === stream && this.state === 'stream';
      if (!waiting || this.receivedOffset !== offset || Date.now() - started >= this.config.ackIntervalMs) {
        clearInterval(this.streamStartTimer);
        this.streamStartTimer = undefined;
        return;
      }
      this.sendAck();
    }, STREAM_START_ACK_MS);
    this.streamStartTimer.unref();
  }

  // ---- link loss ----

  private tick(): void {
    if (this.closed) return;
    this.sendAck();
    const dataState = this.state !== 'idle' && this.state !== 'reply' && this.state !== 'hold';
    if (dataState && Date.now() - this.lastDataAt > this.config.linkTimeoutMs) {
      this.logger.warn(
        { source: this.source.endpoint, silentMs: Date.now() - this.lastDataAt },
        'the replication link is silent: reconnecting',
      );
      this.lastError = 'timeout';
      this.socket?.destroy();
    }
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    const waiter = this.lineWaiter;
    this.lineWaiter = undefined;
    waiter?.reject(new Error(this.lastError ?? 'the source closed the connection'));
    const state = this.state;
    this.state = 'idle';
    this.buffer = EMPTY;
    if (this.closed || this.failure || this.reconnecting) return;
    if (state === 'idle' || state === 'reply' || state === 'hold') return; // the handshake's caller handles it
    if (state !== 'stream') {
      this.rdb?.end(true);
      this.rdb = undefined;
      this.transfer = undefined;
    }
    this.reconnects++;
    this.logger.warn(
      {
        source: this.source.endpoint,
        during: state === 'stream' ? 'command stream' : 'full sync',
        error: this.lastError,
      },
      'lost the replication link: reconnecting',
    );
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    this.reconnecting = true;
    const started = Date.now();
    try {
      for (let attempt = 0; !this.closed; attempt++) {
        await sleep(attempt === 0 ? 10 : Math.min(100 * 2 ** attempt, 2_000));
        if (this.closed) return;
        try {
          this.lastDataAt = Date.now();
          await this.followSource();
          await this.connectAndSync();
          return;
        } catch (error) {
          this.socket?.destroy();
          const transient = (error as { transient?: boolean }).transient;
          const mapped =
            error instanceof ShuttleError
              ? error
              : sourceConnectError(error, this.source.endpoint, this.source.secrets);
          if (
            (error instanceof ShuttleError && !transient) ||
            Date.now() - started > this.config.reconnectForMs
          ) {
            this.fail(
              new ShuttleError(
                'E_CONNECTION_LOST',
                `lost the replication link to the source ${this.source.endpoint} and could not re-establish it: ${mapped.message}`,
                { hint: mapped.hint ?? 'check the source', cause: mapped },
              ),
            );
            return;
          }
          this.logger.debug({ attempt, error: mapped.message }, 'reconnect attempt failed');
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }

  /** With Sentinel: reconnect to whichever server is the master now. */
  private async followSource(): Promise<void> {
    if (!this.events.resolveSource) return;
    let next: SourceAddress;
    try {
      next = await this.events.resolveSource();
    } catch (error) {
      this.logger.debug(
        { error: (error as Error).message },
        'Sentinel did not answer: trying the last known master',
      );
      return;
    }
    if (next.host === this.source.host && next.port === this.source.port) return;
    this.logger.warn(
      { from: this.source.endpoint, to: next.endpoint },
      'the source master changed (failover): continuing from the new master',
    );
    this.source = next;
    this.events.onSourceChange?.(next);
  }

  /** Where the link connects now. */
  get endpoint(): string {
    return this.source.endpoint;
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.logger.error({ source: this.source.endpoint, error: error.message }, 'replication link failed');
    this.segments.fail(error);
    this.socket?.destroy();
  }
}
