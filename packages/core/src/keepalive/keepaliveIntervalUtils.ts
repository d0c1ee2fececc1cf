/** The keepalive interval rule shared by the PING-based strategies (keepalive-ping, keepalive-piggyback). */
/** Shortest and longest PING interval derived from the target's `timeout`. */
export const MIN_INTERVAL_MS = 1_000;
export const MAX_INTERVAL_MS = 60_000;
/** When the target never closes idle clients (`timeout 0`): NAT tables and load balancers still do. */
export const NO_TIMEOUT_INTERVAL_MS = 30_000;
/** When the target refuses `CONFIG GET timeout` (managed services): a guess that suits most of them. */
export const UNKNOWN_TIMEOUT_INTERVAL_MS = 10_000;
/** The shortest deadline for a PING reply. */
export const MIN_DEADLINE_MS = 5_000;

/**
 * The PING interval for a target whose idle `timeout` is `timeoutSeconds`: a third of it, so two
 * PINGs can go by before the server gives up, clamped to [1 s, 60 s]. `0` (never) gives 30 s,
 * `undefined` (CONFIG refused) gives 10 s.
 */
export function intervalForTimeout(timeoutSeconds: number | undefined): number {
  if (timeoutSeconds === undefined || !Number.isFinite(timeoutSeconds) || timeoutSeconds < 0)
    return UNKNOWN_TIMEOUT_INTERVAL_MS;
  if (timeoutSeconds === 0) return NO_TIMEOUT_INTERVAL_MS;
  const third = Math.floor((timeoutSeconds * 1000) / 3);
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, third));
}

/** How long a PING may stay unanswered before the connection counts as dead: max(5 s, 2 × interval). */
export function deadlineFor(intervalMs: number): number {
  return Math.max(MIN_DEADLINE_MS, 2 * intervalMs);
}

/** How often the per-connection timer looks at the idle time: a quarter of the interval, 5 ms to 15 s. */
export function checkPeriodFor(intervalMs: number): number {
  return Math.min(15_000, Math.max(5, Math.floor(intervalMs / 4)));
}
