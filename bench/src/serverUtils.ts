import type { RedisServer } from '@redis-shuttle/testkit';

/**
 * Every server the bench starts (source, target, cluster node) runs in a session of its own, as a
 * service's server does. Linux's autogroup scheduling then gives it its own share of the two cores,
 * instead of letting it compete thread for thread with the process measured, which shares the bench's
 * session: a redis-server sharing that session lost CPU to the CLI's V8 helper threads and idled
 * 0.57-0.76 s of a 4.6-5 s migration, against 0.41-0.46 s in a session of its own (alternating runs).
 * The limits (redis-cli --pipe) are measured against servers started the same way.
 */
export const OWN_SESSION = { ownSession: true } as const;

/** Keys per db of a server, from `INFO keyspace`. */
export async function keyCounts(server: RedisServer): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  for (const [field, value] of Object.entries(await server.info('keyspace'))) {
    const db = /^db(\d+)$/.exec(field);
    const keys = /(?:^|,)keys=(\d+)/.exec(value);
    if (db && keys) counts[Number(db[1])] = Number(keys[1]);
  }
  return counts;
}

/** Says how two key counts per db differ (`db1: 10 expected, 9 found`), or undefined when they agree. */
export function countsDiffer(
  expected: Record<number, number>,
  actual: Record<number, number>,
): string | undefined {
  const dbs = [...new Set([...Object.keys(expected), ...Object.keys(actual)].map(Number))].sort(
    (a, b) => a - b,
  );
  const lines = dbs
    .filter((db) => (expected[db] ?? 0) !== (actual[db] ?? 0))
    .map((db) => `db${db}: ${expected[db] ?? 0} keys expected, ${actual[db] ?? 0} found`);
  return lines.length > 0 ? lines.join('; ') : undefined;
}

/** redis-server's own RDB load time from its log: `DB loaded from disk: 1.234 seconds`. */
export function parseLoadSeconds(log: string): number | undefined {
  const matches = [...log.matchAll(/DB loaded from disk: (\d+(?:\.\d+)?) seconds/g)];
  const last = matches[matches.length - 1];
  return last ? Number(last[1]) : undefined;
}
