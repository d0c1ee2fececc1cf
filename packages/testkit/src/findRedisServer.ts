import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RedisServerError } from './RedisServerError.js';

/**
 * Path of the redis-server binary the testkit starts: `REDIS_SERVER_BIN` if set,
 * else `redis-server` found on `PATH`.
 */
export function findRedisServer(): string {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new RedisServerError(
      `REDIS_SERVER_BIN is set to ${JSON.stringify(fromEnv)}, which is not an executable file.`,
    );
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    if (isExecutable(candidate)) return candidate;
  }
  throw new RedisServerError(
    'redis-server was not found on PATH. Install it (Debian/Ubuntu: `apt-get install redis-server`, ' +
      'macOS: `brew install redis`) or set REDIS_SERVER_BIN to the path of a redis-server binary.',
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
