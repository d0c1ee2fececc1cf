import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { findRedisServer } from './findRedisServer.js';
import { freePort } from './freePort.js';
import { parseInfo } from './infoUtils.js';
import { RedisProcess } from './RedisProcess.js';
import { RedisServerError } from './RedisServerError.js';
import { tmpDir } from './testUtils.js';

export interface RedisServerOptions {
  /** Extra command-line arguments, e.g. `['--timeout', '2']`. They come last, so they win. */
  args?: string[];
  /** Convenience for `--key value` pairs. */
  config?: Record<string, string>;
  /** Copied into the server's temp dir as its dbfilename before start, so the server loads it. */
  rdbFile?: string;
  /** Sets `requirepass` (and `protected-mode no`). */
  password?: string;
  /** `cluster-enabled yes`, with its own nodes.conf in the temp dir. */
  cluster?: boolean;
  /** Address to bind and connect to (default 127.0.0.1). */
  host?: string;
  /** How long to wait for the server to answer PING and finish loading (default 30 000 ms). */
  startTimeoutMs?: number;
  /**
   * Run the server in a session of its own, as a service's server runs (default false). Linux's
   * autogroup scheduling then gives it its own share of the CPU, instead of having it compete thread
   * for thread with the process under test, which shares the test's session. The bench uses it; the
   * registry stops such a server like any other.
   */
  ownSession?: boolean;
}

const MAX_PORT_ATTEMPTS = 5;
const STOP_GRACE_MS = 2_000;
const DB_FILENAME = 'dump.rdb';

/**
 * A real redis-server process in its own temp dir, on a free port. Every server is stopped
 * even when a test forgets to: see serverRegistry.
 */
export class RedisServer {
  readonly url: string;
  readonly logFile: string;
  readonly password: string | undefined;
  readonly cluster: boolean;
  private readonly clients = new Set<Redis>();
  private readonly startTimeoutMs: number;
  private readonly ownSession: boolean;
  private process: RedisProcess | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly bin: string,
    readonly host: string,
    readonly port: number,
    readonly dir: string,
    private readonly args: string[],
    options: RedisServerOptions,
  ) {
    this.password = options.password;
    this.cluster = options.cluster ?? false;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.ownSession = options.ownSession ?? false;
    this.logFile = join(dir, 'redis.log');
    const auth = this.password ? `:${encodeURIComponent(this.password)}@` : '';
    this.url = `redis://${auth}${host}:${port}`;
  }

  /** Starts a server and resolves once it answers PING and has finished loading its data. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const bin = findRedisServer();
    const host = options.host ?? '127.0.0.1';
    for (let attempt = 1; ; attempt++) {
      const dir = tmpDir('redis-shuttle-test-');
      const port = await freePort(host);
      if (options.rdbFile) copyFileSync(options.rdbFile, join(dir, DB_FILENAME));
      const server = new RedisServer(bin, host, port, dir, serverArgs(host, port, dir, options), options);
      try {
        await server.launch();
        return server;
      } catch (error) {
        await server.stop();
        const portTaken = error instanceof RedisServerError && /Address already in use/i.test(error.logTail);
        if (!portTaken || attempt >= MAX_PORT_ATTEMPTS) throw error;
      }
    }
  }

  /** Pid of the current redis-server process. */
  get pid(): number {
    return this.process?.pid ?? -1;
  }

  /** A client connected to this server (with its password); closed by `stop()`. */
  client(options: RedisOptions = {}): Redis {
    const client = new Redis({ host: this.host, port: this.port, password: this.password, ...options });
    this.clients.add(client);
    client.once('end', () => this.clients.delete(client));
    return client;
  }

  /** `INFO [section]` as a field → value record. */
  async info(section?: string): Promise<Record<string, string>> {
    const client = this.probeClient();
    try {
      return parseInfo(section ? await client.info(section) : await client.info());
    } finally {
      client.disconnect();
    }
  }

  /** The last `lines` lines of the server's log file, then of its stdout/stderr (where start-up errors go). */
  logTail(lines = 20): string {
    const log = existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8').trimEnd() : '';
    const output = this.process?.consoleOutput.trim() ?? '';
    const text = [log, output].filter(Boolean).join('\n');
    return text.split('\n').slice(-lines).join('\n');
  }

  /**
   * Stops the process and starts a new one on the same port and dir, which loads the dir's
   * dump.rdb. With `save` (the default) it SAVEs first, so the data survives; without, the data
   * goes back to the last SAVE (or the `rdbFile`). Clients from `client()` reconnect by themselves.
   */
  async restart({ save = true }: { save?: boolean } = {}): Promise<void> {
    if (this.stopping) throw new RedisServerError('Cannot restart a stopped RedisServer');
    if (save) await this.command('SAVE');
    await this.shutdownProcess();
    await this.launch();
  }

  /** SHUTDOWN NOSAVE, SIGKILL if it lingers, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const client of this.clients) client.disconnect();
      this.clients.clear();
      await this.shutdownProcess();
      rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  private async launch(): Promise<void> {
    this.process = await RedisProcess.spawn(this.bin, this.args, this.dir, this.ownSession);
    await this.waitUntilReady(this.process);
  }

  private async shutdownProcess(): Promise<void> {
    const client = this.probeClient();
    try {
      await this.process?.stop(() => {
        client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      }, STOP_GRACE_MS);
    } finally {
      client.disconnect();
    }
  }

  private async waitUntilReady(process: RedisProcess): Promise<void> {
    const deadline = Date.now() + this.startTimeoutMs;
    let lastError: unknown;
    while (!process.hasExited) {
      if (Date.now() > deadline) {
        const tail = this.logTail();
        const reason = lastError instanceof Error ? ` (${lastError.message})` : '';
        throw new RedisServerError(
          `redis-server on ${this.host}:${this.port} was not ready after ${this.startTimeoutMs} ms${reason}. ` +
            `Last log lines:\n${tail}`,
          tail,
        );
      }
      try {
        const persistence = parseInfo(String(await this.command('INFO', 'persistence')));
        if (persistence.loading === '0') return;
      } catch (error) {
        lastError = error; // not listening yet, or -LOADING
      }
      await Promise.race([process.exited, new Promise((resolve) => setTimeout(resolve, 25))]);
    }
    const tail = this.logTail();
    throw new RedisServerError(
      `redis-server exited during start (${process.exitDescription}). Last log lines:\n${tail}`,
      tail,
    );
  }

  /** Sends one command on a short-lived connection (PING first, so a loading server answers -LOADING). */
  private async command(...args: string[]): Promise<unknown> {
    const client = this.probeClient();
    try {
      await client.connect();
      await client.ping();
      return await client.call(args[0]!, ...args.slice(1));
    } finally {
      client.disconnect();
    }
  }

  /** A connection that fails fast instead of retrying. */
  private probeClient(): Redis {
    const client = new Redis({
      host: this.host,
      port: this.port,
      password: this.password,
      lazyConnect: true,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 2_000,
    });
    client.on('error', () => undefined);
    return client;
  }
}

function serverArgs(host: string, port: number, dir: string, options: RedisServerOptions): string[] {
  // biome-ignore format: flag/value pairs
  const args = [
    '--port', String(port),
    '--bind', host,
    '--dir', dir,
    '--dbfilename', DB_FILENAME,
    '--logfile', join(dir, 'redis.log'),
    '--daemonize', 'no',
    '--save', '',
    '--appendonly', 'no',
    '--enable-debug-command', 'yes',
  ];
  if (options.password) args.push('--requirepass', options.password, '--protected-mode', 'no');
  if (options.cluster) {
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'));
  }
  for (const [key, value] of Object.entries(options.config ?? {})) args.push(`--${key}`, value);
  args.push(...(options.args ?? []));
  return args;
}
