import type { RedisServer } from '@redis-shuttle/testkit';
import { BenchError } from './BenchError.js';
import type { ProcessResult } from './measureProcess.js';
import { cpuSecondsOf } from './procUtils.js';

/** Runs `work` and returns its result with the CPU seconds the server (or servers, summed) spent meanwhile. */
export async function withServerCpu<T>(
  servers: RedisServer | readonly RedisServer[],
  work: () => Promise<T>,
): Promise<{ result: T; serverCpuSeconds: number | undefined }> {
  const all = Array.isArray(servers) ? servers : [servers as RedisServer];
  const before = all.map((server) => cpuSecondsOf(server.pid));
  const result = await work();
  const after = all.map((server) => cpuSecondsOf(server.pid));
  let total: number | undefined = 0;
  for (let i = 0; i < all.length; i++) {
    const b = before[i];
    const a = after[i];
    total = total === undefined || a === undefined || b === undefined ? undefined : total + a - b;
  }
  return { result, serverCpuSeconds: total };
}

/** Throws unless the process exited 0, with the end of its output. */
export function assertExitedOk(what: string, result: ProcessResult): void {
  if (result.code === 0) return;
  const tail = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-15).join('\n');
  throw new BenchError(`${what} exited with ${result.code ?? result.signal}:\n${tail}`);
}

/** The last line of standard output parsed as JSON (`--json` summaries, worker results). */
export function lastJsonLine<T>(what: string, stdout: string): T {
  const lines = stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  try {
    return JSON.parse(last) as T;
  } catch (error) {
    throw new BenchError(
      `${what} did not end its output with a JSON line: ${JSON.stringify(last.slice(0, 200))}`,
      {
        cause: error,
      },
    );
  }
}
