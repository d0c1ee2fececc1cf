import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { type RedisServer, waitFor } from '@redis-shuttle/testkit';
import { BenchError } from './BenchError.js';

type Client = ReturnType<RedisServer['client']>;

/**
 * `redis-shuttle migrate <source> <target> --json ...extra` following a live source (sync mode) in the
 * background until stop(). `BENCH_CLI_NODE_ARGS` (space-separated) goes to its node, e.g. to profile it.
 */
export class FollowingCli {
  private readonly child: ChildProcess;
  private readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** The last 100 kB of its standard output and error. */
  private output = '';

  constructor(repoRoot: string, source: string, target: string, extra: string[] = []) {
    const bin = join(repoRoot, 'apps', 'cli', 'dist', 'bin.js');
    const nodeArgs = (process.env.BENCH_CLI_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, bin, 'migrate', source, target, '--json', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-100_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = once(this.child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Stops it with SIGINT, as a user would; throws unless it then exits with 0. */
  async stop(): Promise<void> {
    this.child.kill('SIGINT');
    const [code, signal] = await this.exited;
    if (code !== 0) {
      throw new BenchError(
        `redis-shuttle migrate exited with ${code ?? signal} after SIGINT:\n${this.output.slice(-2000)}`,
      );
    }
  }

  /** Kills it if it still runs (the cleanup after a failed run). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Waits until a marker written to the source has reached the target: the CLI follows its stream. */
export async function waitInSync(source: Client, target: Client): Promise<void> {
  await source.set('bench:marker', '1');
  await waitFor(async () => (await target.get('bench:marker')) === '1', { timeoutMs: 60_000 });
}

/** Waits until the target's DEBUG DIGEST equals the source's (taken once, after the source's writes). */
export async function waitCaughtUp(source: Client, target: Client, timeoutMs: number): Promise<void> {
  const digest = async (client: Client) => String(await client.call('DEBUG', 'DIGEST'));
  const wanted = await digest(source);
  await waitFor(async () => (await digest(target)) === wanted, { timeoutMs, intervalMs: 20 });
}
