import { connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import RedisParser from 'redis-parser';
import { RespEncoder } from './respEncoding.js';
import type { Arg } from './SentCommand.js';

export type ReplyCallback = (error: Error | null, reply: unknown, context?: unknown) => void;

/** An error reply from the server (`-ERR ...`), as opposed to a broken connection. */
export class ServerReplyError extends Error {
  override name = 'ServerReplyError';
}

/** The connection broke with replies outstanding. */
export class ConnectionClosedError extends Error {
  override name = 'ConnectionClosedError';
}

export interface RespConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** TLS options; undefined for plain TCP. */
  tls?: ConnectionOptions;
  connectTimeoutMs: number;
}

/**
 * One pipelined connection speaking RESP on a raw socket: the write path of redis-shuttle.
 *
 * HOT PATH. ioredis builds a Command object and a promise per command; measured by `npm run bench`
 * (rdb-to-standalone at 0.2-0.3x of redis-cli --pipe, our CPU twice the target's), that was the
 * bottleneck, so writes are RESP-encoded straight into buffers, written once per tick (corked),
 * and replies are matched to a FIFO of callbacks. Replies are parsed by redis-parser.
 */
export class RespConnection {
  private readonly callbacks: ReplyCallback[] = [];
  /** What each callback was given with its command (parallel to `callbacks`): no closure per command. */
  private readonly contexts: unknown[] = [];
  private callbackHead = 0;
  private readonly encoder = new RespEncoder();
  private flushScheduled = false;
  private closed = false;
  private closeListeners: Array<(error: Error | undefined) => void> = [];
  /** Time of the last write to the socket, for keepalive. */
  lastWriteAt = Date.now();

  private constructor(readonly socket: Socket) {
    const parser = new RedisParser({
      returnReply: (reply) => this.reply(null, reply),
      returnError: (error) => this.reply(new ServerReplyError(error.message), undefined),
      returnFatalError: (error) => socket.destroy(error),
    });
    socket.on('data', (data: Buffer) => parser.execute(data));
    socket.on('error', () => {});
    socket.on('close', () => this.onClose());
    socket.setNoDelay(true);
  }

  /** Connects, authenticates, and resolves once the connection accepts commands. */
  static connect(options: RespConnectionOptions): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tlsConnect({ host: options.host, port: options.port, servername: options.host, ...options.tls })
        : netConnect({ host: options.host, port: options.port });
      const fail = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            Object.assign(new Error(`connect ETIMEDOUT ${options.host}:${options.port}`), {
              code: 'ETIMEDOUT',
            }),
          ),
        options.connectTimeoutMs,
      );
      socket.once('error', (error) => {
        clearTimeout(timer);
        fail(error);
      });
      socket.once(options.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        const connection = new RespConnection(socket);
        if (!options.password) return resolve(connection);
        const auth: Arg[] = options.username
          ? ['AUTH', options.username, options.password]
          : ['AUTH', options.password];
        connection.send(auth, (error) => (error ? fail(error) : resolve(connection)));
      });
    });
  }

  /**
   * Sends one command; `callback` gets its reply (or a ConnectionClosedError), and `context` as its
   * third argument, so a caller can pass one shared callback instead of a closure per command.
   */
  send(args: readonly Arg[], callback: ReplyCallback, context?: unknown): void {
    if (this.closed) {
      callback(new ConnectionClosedError('the connection is closed'), undefined, context);
      return;
    }
    this.callbacks.push(callback);
    this.contexts.push(context);
    this.encoder.encode(args);
    this.scheduleFlush();
  }

  /**
   * Where the last send() put the command's bytes, when they are one region of one buffer that is
   * never rewritten: keep it (not the arguments) to send the command again with sendEncoded().
   */
  get lastEncoded(): { readonly buffer: Buffer | undefined; readonly start: number; readonly end: number } {
    return this.encoder.last;
  }

  /** Sends a command encoded earlier (a region from lastEncoded), e.g. replayed after a reconnect. */
  sendEncoded(buffer: Buffer, start: number, end: number, callback: ReplyCallback, context?: unknown): void {
    if (this.closed) {
      callback(new ConnectionClosedError('the connection is closed'), undefined, context);
      return;
    }
    this.callbacks.push(callback);
    this.contexts.push(context);
    this.encoder.encodeBytes(buffer, start, end);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flushNow);
    } else if (this.encoder.pendingBytes > 1 << 20) this.flush();
  }

  private readonly flushNow = (): void => this.flush();

  /** A promise for one reply: for the few commands outside the hot path. */
  command(args: readonly Arg[]): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.send(args, (error, reply) => (error ? reject(error) : resolve(reply))),
    );
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    const chunks = this.encoder.take();
    if (chunks.length === 0) return;
    const socket = this.socket;
    socket.cork();
    for (const chunk of chunks) socket.write(chunk);
    socket.uncork();
    this.lastWriteAt = Date.now();
  }

  private reply(error: Error | null, reply: unknown): void {
    const head = this.callbackHead;
    const callback = this.callbacks[head];
    if (!callback) return; // a reply nobody asked for: the protocol is broken; close will follow
    const context = this.contexts[head];
    this.callbacks[head] = undefined as never;
    this.contexts[head] = undefined;
    this.callbackHead = head + 1;
    if (this.callbackHead > 1024 && this.callbackHead * 2 > this.callbacks.length) {
      this.callbacks.splice(0, this.callbackHead);
      this.contexts.splice(0, this.callbackHead);
      this.callbackHead = 0;
    }
    callback(error, reply, context);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    const outstanding = this.callbacks.slice(this.callbackHead);
    const contexts = this.contexts.slice(this.callbackHead);
    this.callbacks.length = 0;
    this.contexts.length = 0;
    this.callbackHead = 0;
    const error = new ConnectionClosedError('the connection closed');
    for (let i = 0; i < outstanding.length; i++) outstanding[i]!(error, undefined, contexts[i]);
    for (const listener of this.closeListeners) listener(undefined);
  }

  /** Called once when the connection closes (whoever closed it). */
  onceClosed(listener: (error: Error | undefined) => void): void {
    if (this.closed) listener(undefined);
    else this.closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** QUIT (bounded), then closes the socket. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.closed) return;
    await Promise.race([
      this.command(['QUIT']).catch(() => undefined),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ]);
    this.socket.destroy();
  }
}
