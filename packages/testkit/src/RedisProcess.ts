import { type ChildProcess, spawn } from 'node:child_process';
import { RedisServerError } from './RedisServerError.js';
import { registerServer, unregisterServer } from './serverRegistry.js';

/**
 * One redis-server child process: spawned, registered so it is killed if its owner dies,
 * its stdout/stderr kept (the tail) for error messages, and its exit awaited.
 */
export class RedisProcess {
  /** Resolves when the process has exited (or could not be spawned). */
  readonly exited: Promise<void>;
  private hasExitedFlag = false;
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', (error) => {
        collect(Buffer.from(String(error)));
        resolve();
      });
    }).then(() => {
      this.hasExitedFlag = true;
      if (child.pid !== undefined) unregisterServer(child.pid);
    });
  }

  /**
   * Spawns `bin args` in `dir`, in a new session when `ownSession` (detached); the pid is registered
   * with `dir` as the server's temp dir.
   */
  static async spawn(bin: string, args: string[], dir: string, ownSession = false): Promise<RedisProcess> {
    const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: ownSession });
    const process = new RedisProcess(child);
    if (child.pid === undefined) {
      await process.exited;
      throw new RedisServerError(`Could not run ${bin}: ${process.output}`, process.output);
    }
    registerServer(child.pid, dir);
    return process;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get hasExited(): boolean {
    return this.hasExitedFlag;
  }

  /** How it ended, e.g. `code 1` or `signal SIGKILL`. */
  get exitDescription(): string {
    return this.child.signalCode ? `signal ${this.child.signalCode}` : `code ${this.child.exitCode}`;
  }

  /** What the process wrote to stdout/stderr (the last 8 000 characters). */
  get consoleOutput(): string {
    return this.output;
  }

  /** Runs `askToExit`, then SIGKILLs the process if it is still there after `graceMs`. */
  async stop(askToExit: () => void, graceMs: number): Promise<void> {
    if (this.hasExitedFlag) return;
    askToExit();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
