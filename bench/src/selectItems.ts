import { BenchError } from './BenchError.js';
import type { Limit, Scenario } from './types.js';

/**
 * The limits and scenarios `--only` asks for (all when it is empty), plus every limit a chosen
 * scenario is compared with.
 */
export function selectItems(
  all: { limits: Limit[]; scenarios: Scenario[] },
  only: readonly string[],
): { limits: Limit[]; scenarios: Scenario[] } {
  if (only.length === 0) return all;
  const known = new Set([...all.limits, ...all.scenarios].map((item) => item.name));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new BenchError(
      `unknown scenario or limit: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  const chosen = all.scenarios.filter((s) => only.includes(s.name));
  const needed = new Set<string>([...only, ...chosen.flatMap((s) => (s.limit ? [s.limit] : []))]);
  // A baseline scenario brings its own limit along.
  for (const s of all.scenarios) if (needed.has(s.name) && s.limit) needed.add(s.limit);
  return {
    limits: all.limits.filter((l) => needed.has(l.name)),
    scenarios: all.scenarios.filter((s) => needed.has(s.name)),
  };
}
