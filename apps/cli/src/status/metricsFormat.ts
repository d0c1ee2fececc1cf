import type { RunSummary } from '@redis-shuttle/core';

/** The run's status in the Prometheus text exposition format (version 0.0.4). */
export function metricsText(s: RunSummary): string {
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'counter' | 'gauge',
    help: string,
    samples: Array<[string, number]>,
  ) => {
    lines.push(`# HELP redis_shuttle_${name} ${help}`, `# TYPE redis_shuttle_${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`redis_shuttle_${name}${labels} ${value}`);
  };
  metric('keys_total', 'counter', 'Keys written to the target.', [['', s.keys]]);
  metric('entries_total', 'counter', 'Entries read from the source.', [['', s.entries]]);
  metric('source_bytes_total', 'counter', 'Bytes read from the source.', [['', s.bytesRead]]);
  metric('filtered_total', 'counter', 'Entries dropped by filters.', [['', s.filtered]]);
  metric('skipped_total', 'counter', 'Keys or functions skipped by policy.', [['', s.skipped]]);
  metric('reconnects_total', 'counter', 'Target connections re-established.', [['', s.reconnects]]);
  metric('replayed_total', 'counter', 'Writes sent again after a reconnect.', [['', s.replayed]]);
  metric('keepalive_pings_total', 'counter', 'Keepalive PINGs sent.', [['', s.pingsSent]]);
  metric('run_seconds', 'gauge', 'Seconds since the run started.', [['', s.seconds]]);
  metric('running', 'gauge', '1 while the run is running.', [['', s.status === 'running' ? 1 : 0]]);
  const conn = (c: RunSummary['connections'][number]) =>
    `{id=${label(c.id)},role=${label(c.role)},endpoint=${label(c.endpoint)}}`;
  metric(
    'connection_up',
    'gauge',
    '1 when the connection is connected.',
    s.connections.map((c) => [conn(c), c.state === 'connected' ? 1 : 0]),
  );
  metric(
    'connection_idle_seconds',
    'gauge',
    'Seconds since the last write on the connection.',
    s.connections.map((c) => [conn(c), c.idleMs / 1000]),
  );
  metric(
    'connection_in_flight',
    'gauge',
    'Writes sent and not yet acknowledged.',
    s.connections.map((c) => [conn(c), c.inFlight]),
  );
  metric(
    'connection_reconnects_total',
    'counter',
    'Reconnects of the connection.',
    s.connections.map((c) => [conn(c), c.reconnects]),
  );
  metric(
    'connection_pings_total',
    'counter',
    'Keepalive PINGs on the connection.',
    s.connections.map((c) => [conn(c), c.pingsSent]),
  );
  return `${lines.join('\n')}\n`;
}

function label(value: string): string {
  return JSON.stringify(value);
}
