import { join } from 'node:path';
import type { RedisServer } from '@redis-shuttle/testkit';
import { BenchError } from './BenchError.js';
import { type ProcessResult, runMeasured } from './measureProcess.js';
import { assertExitedOk, lastJsonLine, withServerCpu } from './processUtils.js';

/** What `redis-shuttle migrate --json` prints last (the fields the bench reads). */
export interface MigrateSummary {
  status?: string;
  keys?: number;
  pingsSent?: number;
}

/**
 * Runs `redis-shuttle migrate <source> <target> --json ...extra` and measures it, with the CPU
 * `server` (the target, or every node of a cluster target, summed) spent meanwhile. Throws unless
 * it completed.
 */
export async function runMigrate(
  repoRoot: string,
  source: string,
  target: string,
  extra: string[],
  server: RedisServer | readonly RedisServer[],
): Promise<{ result: ProcessResult; summary: MigrateSummary; serverCpuSeconds: number | undefined }> {
  const bin = join(repoRoot, 'apps', 'cli', 'dist', 'bin.js');
  const args = [bin, 'migrate', source, target, '--json', ...extra];
  const { result, serverCpuSeconds } = await withServerCpu(server, () => runMeasured(process.execPath, args));
  assertExitedOk('redis-shuttle migrate', result);
  const summary = lastJsonLine<MigrateSummary>('redis-shuttle migrate', result.stdout);
  if (summary.status !== undefined && summary.status !== 'completed') {
    throw new BenchError(`redis-shuttle migrate ended with status ${summary.status}`);
  }
  return { result, summary, serverCpuSeconds };
}

/** How many PINGs a server has answered since it started (`cmdstat_ping` of `INFO commandstats`). */
export async function pingCalls(server: RedisServer): Promise<number> {
  const stats = await server.info('commandstats');
  const calls = /(?:^|,)calls=(\d+)/.exec(stats.cmdstat_ping ?? '');
  return calls ? Number(calls[1]) : 0;
}

/**
 * Makes the source start a full sync at once: redis-server waits `repl-diskless-sync-delay`
 * (5 s by default) for more replicas before it forks, which would time a sleep. Config only; the
 * data stays untouched. Used by psync-full-sync and rdb-fetch-then-restore alike.
 */
export async function noFullSyncDelay(source: RedisServer): Promise<void> {
  const client = source.client();
  try {
    await client.config('SET', 'repl-diskless-sync-delay', '0');
  } finally {
    client.disconnect();
  }
}
