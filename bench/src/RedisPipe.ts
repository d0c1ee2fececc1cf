import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { BenchError } from './BenchError.js';
import { findRedisCli, parsePipeSummary } from './redisCliUtils.js';

/** A `redis-cli --pipe` child fed from this process, with backpressure; `end()` checks every reply. */
export class RedisPipe {
  private readonly child: ChildProcess;
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(host: string, port: number) {
    this.child = spawn(findRedisCli(), ['-h', host, '-p', String(port), '--pipe'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-16_000);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.child.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.once('error', () => resolve(null));
    });
  }

  /** Writes bytes; resolves when the pipe can take more. */
  async write(bytes: Buffer): Promise<void> {
    const stdin = this.child.stdin!;
    if (!stdin.write(bytes)) {
      await Promise.race([once(stdin, 'drain'), this.exited.then(() => this.fail())]);
    }
  }

  /** Closes the input and waits for the last reply; fails when redis-cli saw an error reply. */
  async end(): Promise<{ replies: number }> {
    this.child.stdin!.end();
    const code = await this.exited;
    const summary = parsePipeSummary(this.output);
    if (code !== 0 || !summary || summary.errors > 0) this.fail();
    return { replies: summary!.replies };
  }

  private fail(): never {
    throw new BenchError(`redis-cli --pipe failed:\n${this.output.trim().split('\n').slice(-10).join('\n')}`);
  }
}
