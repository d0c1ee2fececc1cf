import type { ConnectionStatus, KeepaliveHandle } from '@redis-shuttle/core';
import type { TargetLink } from './TargetLink.js';

/** What a writer publishes for one target connection: the link's state and its keepalive figures. */
export function linkStatus(
  link: TargetLink,
  endpoint: string,
  keepalive: { names: string[]; handles: KeepaliveHandle[] },
  inFlight: number = link.inFlight,
): ConnectionStatus {
  const pings = keepalive.handles.map((k) => k.stats());
  const rtt = pings.find((p) => p.lastPingRttMs !== undefined)?.lastPingRttMs;
  return {
    id: link.id,
    role: 'target',
    endpoint,
    state: link.state,
    idleMs: Date.now() - link.lastWriteAt,
    inFlight,
    reconnects: link.reconnects,
    replayed: link.replayed,
    keepalive: keepalive.names,
    pingsSent: pings.reduce((n, p) => n + p.pingsSent, 0),
    ...(rtt !== undefined ? { lastPingRttMs: rtt } : {}),
    ...(link.lastError ? { lastError: link.lastError } : {}),
  };
}
