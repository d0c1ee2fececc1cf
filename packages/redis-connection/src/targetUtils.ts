import type { Redis } from 'ioredis';

/** Facts about a target, discovered on connect. */
export interface TargetFacts {
  version: string;
  /** Highest RDB version this server loads (DUMP payloads up to it RESTORE). */
  rdbVersion: number;
  clusterEnabled: boolean;
  protoMaxBulkLen?: number;
  /** `timeout` (seconds, 0 = never); undefined when CONFIG is refused. */
  idleTimeout?: number;
}

/** Parses `INFO` text into a map of fields. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}

/**
 * The RDB version a server release writes and loads (src/rdb.h RDB_VERSION by release).
 * Valkey 7.2/8.x report redis_version 7.2.x and load RDB 11.
 */
export function rdbVersionForServer(version: string): number {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  const v = major * 100 + minor;
  if (v >= 704) return 12;
  if (v >= 702) return 11;
  if (v >= 700) return 10;
  if (v >= 500) return 9;
  if (v >= 400) return 8;
  if (v >= 302) return 7;
  if (v >= 206) return 6;
  return 5;
}

/** Asks a target what the writers need to know: version, RDB version, cluster mode, limits. */
export async function discover(client: Redis): Promise<TargetFacts> {
  const info = parseInfo(await client.info());
  const version = info.redis_version ?? '0.0.0';
  const config = await configGet(client, ['proto-max-bulk-len', 'timeout']);
  return {
    version,
    rdbVersion: rdbVersionForServer(version),
    clusterEnabled: info.cluster_enabled === '1',
    protoMaxBulkLen: config['proto-max-bulk-len'],
    idleTimeout: config.timeout,
  };
}

/** CONFIG GET of numeric settings; those CONFIG refuses (managed services) stay unknown. */
async function configGet(client: Redis, names: string[]): Promise<Record<string, number | undefined>> {
  const out: Record<string, number | undefined> = {};
  for (const name of names) {
    try {
      const reply = (await client.config('GET', name)) as string[];
      if (reply[1] !== undefined) out[name] = Number(reply[1]);
    } catch {
      // refused: unknown
    }
  }
  return out;
}
