import type { RunSummary } from '@redis-shuttle/core';

/** The human summary printed at the end of a run. */
export function formatSummary(s: RunSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.keys / s.seconds) : s.keys;
  const lines = [
    `${s.status === 'completed' ? 'migrated' : s.status}: ${s.keys} keys (${s.keysByRestore} by RESTORE, ${s.keysByCommands} by commands)` +
      `${s.functions ? `, ${s.functions} function libraries` : ''} from ${s.source} to ${s.target}`,
    `  ${s.entries} entries, ${formatBytes(s.bytesRead)} read in ${s.seconds.toFixed(1)} s (${rate} keys/s)`,
    `  reconnects: ${s.reconnects}, replayed: ${s.replayed}, keepalive PINGs: ${s.pingsSent}` +
      `${s.filtered ? `, filtered: ${s.filtered}` : ''}${s.skipped ? `, skipped: ${s.skipped}` : ''}`,
  ];
  for (const warning of s.warnings) lines.push(`  warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** The machine summary: one JSON object (the `--json` last line). */
export function jsonSummary(s: RunSummary): string {
  return JSON.stringify(s, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
