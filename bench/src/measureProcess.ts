import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSecondsOf, parseTimeOutput, peakRssOf } from './procUtils.js';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last 1 MB of standard output and of standard error. */
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  seconds: number;
  /** Peak RSS of the process (its VmHWM), bytes. */
  peakRssBytes: number | undefined;
  /** User + system CPU seconds of the process. */
  cpuSeconds: number | undefined;
}

export interface MeasureOptions {
  /** A file the process reads as standard input. */
  stdinFile?: string;
  env?: NodeJS.ProcessEnv;
}

const POLL_MS = 50;
const KEEP_OUTPUT = 1 << 20;

/**
 * Runs a command and measures its own peak RSS and CPU time: exactly, from `wait4` through GNU
 * `/usr/bin/time` when it is installed, else by polling `/proc/<pid>` every 50 ms until it exits.
 */
export async function runMeasured(
  command: string,
  args: string[],
  options: MeasureOptions = {},
): Promise<ProcessResult> {
  const timeFile = hasGnuTime()
    ? join(tmpdir(), `bench-time-${process.pid}-${Date.now()}-${Math.random()}`)
    : undefined;
  const [bin, argv] = timeFile
    ? ['/usr/bin/time', ['-o', timeFile, '-f', '%M %U %S', command, ...args]]
    : [command, args];
  const stdin = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
  const started = performance.now();
  const child = spawn(bin, argv, { stdio: [stdin, 'pipe', 'pipe'], env: options.env ?? process.env });
  if (typeof stdin === 'number') closeSync(stdin);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString('utf8')).slice(-KEEP_OUTPUT);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-KEEP_OUTPUT);
  });
  let polledRss: number | undefined;
  let polledCpu: number | undefined;
  const poll = () => {
    if (timeFile || child.pid === undefined) return;
    polledRss = peakRssOf(child.pid) ?? polledRss;
    polledCpu = cpuSecondsOf(child.pid) ?? polledCpu;
  };
  const timer = setInterval(poll, POLL_MS);
  poll();
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve([c, s]));
  }).finally(() => clearInterval(timer));
  const seconds = (performance.now() - started) / 1000;
  let peakRssBytes = polledRss;
  let cpuSeconds = polledCpu;
  if (timeFile) {
    try {
      const measured = parseTimeOutput(readFileSync(timeFile, 'utf8'));
      peakRssBytes = measured?.peakRssBytes;
      cpuSeconds = measured?.cpuSeconds;
      // GNU time prints "Command exited with non-zero status N" before the figures; its own exit code is the child's.
    } catch {}
    rmSync(timeFile, { force: true });
  }
  return { code, signal, stdout, stderr, seconds, peakRssBytes, cpuSeconds };
}

let gnuTime: boolean | undefined;

function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    // GNU time prints its version and exits 0; BENCH_NO_TIME=1 forces polling /proc.
    const probe = spawnSync('/usr/bin/time', ['--version'], { encoding: 'utf8' });
    gnuTime =
      process.env.BENCH_NO_TIME !== '1' && probe.status === 0 && /GNU/.test(probe.stdout + probe.stderr);
  }
  return gnuTime;
}
