import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { findRedisServer } from '@redis-shuttle/testkit';

/** `redis-cli`: `REDIS_CLI_BIN`, else next to the redis-server the testkit uses, else on PATH. */
export function findRedisCli(): string {
  if (process.env.REDIS_CLI_BIN) return process.env.REDIS_CLI_BIN;
  const candidates = [join(dirname(findRedisServer()), 'redis-cli')];
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    if (dir) candidates.push(join(dir, 'redis-cli'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return 'redis-cli';
}

/** The last lines of `redis-cli --pipe`: `errors: 0, replies: 1234`. */
export function parsePipeSummary(output: string): { errors: number; replies: number } | undefined {
  const match = /errors: (\d+), replies: (\d+)\s*$/.exec(output.trim());
  return match ? { errors: Number(match[1]), replies: Number(match[2]) } : undefined;
}
