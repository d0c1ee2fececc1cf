import type { KeyEntry } from '@redis-shuttle/core';
import type { Arg } from './SentCommand.js';
import type { CommandPathLosses } from './ValueCommandBuilder.js';

/** `RESTORE key <abs-ttl> payload [REPLACE] ABSTTL [FREQ n | IDLETIME n]` for a key entry. */
export function restoreArgs(entry: KeyEntry, payload: Buffer, replace: boolean): Arg[] {
  const args: Arg[] = replace
    ? ['RESTORE', entry.key, entry.expireAtMs ?? 0, payload, 'REPLACE', 'ABSTTL']
    : ['RESTORE', entry.key, entry.expireAtMs ?? 0, payload, 'ABSTTL'];
  if (entry.freq !== undefined) args.push('FREQ', entry.freq);
  else if (entry.idleSeconds !== undefined) args.push('IDLETIME', entry.idleSeconds);
  return args;
}

/** What a command costs in memory while in flight: its bytes plus a JS Buffer's own overhead per argument. */
export function commandWeight(args: Arg[]): number {
  let n = 64;
  for (const a of args) n += (typeof a === 'number' ? 20 : a.length) + 96;
  return n;
}

/** The summary lines of the command path: why keys went by commands, and what could not be carried. */
export function commandPathWarnings(
  reasons: Map<string, number>,
  losses: CommandPathLosses,
  targetVersion: string | undefined,
): string[] {
  const out = [...reasons].map(([reason, n]) => `${n} keys written by commands: ${reason}`);
  if (losses.fieldTtlsDropped > 0) {
    out.push(
      `${losses.fieldTtlsDropped} hash field TTLs dropped: the target (Redis ${targetVersion}) has no field expiration (needs 7.4+)`,
    );
  }
  if (losses.pendingDropped > 0) {
    out.push(
      `${losses.pendingDropped} pending entries of stream consumer groups dropped: they point at deleted entries, which XCLAIM cannot recreate`,
    );
  }
  for (const [module, n] of losses.moduleKeysSkipped) {
    out.push(
      `${n} keys of module type ${module} skipped: the target cannot load them (module not loaded there)`,
    );
  }
  return out;
}
