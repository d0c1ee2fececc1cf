import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import type { RedisServer } from '@redis-shuttle/testkit';
import { BenchError } from './BenchError.js';
import { commandCalls } from './lagUtils.js';
import { cpuSecondsOf } from './procUtils.js';
import { findRedisCli } from './redisCliUtils.js';

/** The command mix of the live-stream rows: `redis-benchmark -t set,incr,lpush`. */
export const LOAD_COMMANDS = ['set', 'incr', 'lpush'] as const;

/** How hard redis-benchmark pushes: parallel clients (`-c`) and commands pipelined by each (`-P`). */
export interface LoadLevel {
  clients: number;
  pipeline: number;
}

/** redis-benchmark's default 50 clients, 16 commands pipelined each: what live-stream-apply runs. */
export const FULL_LOAD: LoadLevel = { clients: 50, pipeline: 16 };

/** What a load window measured on the server it wrote to. */
export interface LoadWindow {
  seconds: number;
  /** Calls of the load's commands the server executed in the window (`INFO commandstats`). */
  commands: number;
  rate: number;
  /** CPU seconds of redis-benchmark and of the server during the window. */
  benchmarkCpuSeconds: number | undefined;
  serverCpuSeconds: number | undefined;
}

export function redisBenchmarkBin(): string {
  return process.env.REDIS_BENCHMARK_BIN ?? join(dirname(findRedisCli()), 'redis-benchmark');
}

/**
 * Runs `redis-benchmark -t set,incr,lpush -c C -P P -l` (looping) against `server` for `seconds`,
 * then stops it. redis-benchmark has no rate option: the level sets the pressure, and the rate is
 * what the server itself counted (`INFO commandstats` calls before and after), less `uncounted()`
 * (e.g. the bench's own SET markers in the same window).
 */
export async function runLoad(
  server: RedisServer,
  level: LoadLevel,
  seconds: number,
  uncounted: () => number = () => 0,
): Promise<LoadWindow> {
  // Each test of a loop sends -n requests: a few tenths of a second per test at any level, so
  // every step mixes the three commands.
  const requests = Math.min(200_000, Math.max(10_000, 2_000 * level.clients * level.pipeline));
  const args = [
    '-h',
    server.host,
    '-p',
    String(server.port),
    '-t',
    LOAD_COMMANDS.join(','),
    '-c',
    String(level.clients),
    '-P',
    String(level.pipeline),
    '-n',
    String(requests),
    '-l',
    '-q',
  ];
  const before = await loadCalls(server);
  const uncountedBefore = uncounted();
  const serverCpuBefore = cpuSecondsOf(server.pid);
  const started = performance.now();
  const child = spawn(redisBenchmarkBin(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-10_000);
  });
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  let early: [number | null, NodeJS.Signals | null] | undefined;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise((resolve) => {
      timer = setTimeout(resolve, seconds * 1000);
    }),
    exited.then((result) => {
      early = result;
    }),
  ]);
  clearTimeout(timer);
  if (spawnError)
    throw new BenchError(`cannot run redis-benchmark (${redisBenchmarkBin()}): ${spawnError.message}`);
  if (early) {
    throw new BenchError(
      `redis-benchmark exited early with ${early[0] ?? early[1]}:\n${stderr.trim().split('\n').slice(-10).join('\n')}`,
    );
  }
  const benchmarkCpu = child.pid === undefined ? undefined : cpuSecondsOf(child.pid);
  const after = await loadCalls(server);
  const elapsed = (performance.now() - started) / 1000;
  const serverCpuAfter = cpuSecondsOf(server.pid);
  const uncountedAfter = uncounted();
  child.kill('SIGKILL');
  await exited;
  const commands = after - before - (uncountedAfter - uncountedBefore);
  return {
    seconds: elapsed,
    commands,
    rate: commands / elapsed,
    benchmarkCpuSeconds: benchmarkCpu,
    serverCpuSeconds:
      serverCpuBefore !== undefined && serverCpuAfter !== undefined
        ? serverCpuAfter - serverCpuBefore
        : undefined,
  };
}

/** Calls of the load's commands the server has executed since it started. */
export async function loadCalls(server: RedisServer): Promise<number> {
  return commandCalls(await server.info('commandstats'), LOAD_COMMANDS);
}
