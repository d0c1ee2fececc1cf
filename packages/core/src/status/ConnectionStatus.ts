export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'failed';

/** What every connection publishes: the user can see the state of every connection. */
export interface ConnectionStatus {
  /** e.g. `target#0` or `target:127.0.0.1:7001` */
  id: string;
  role: 'source' | 'target';
  /** host:port, never credentials */
  endpoint: string;
  state: ConnectionState;
  idleMs: number;
  inFlight: number;
  reconnects: number;
  replayed: number;
  keepalive: string[];
  pingsSent: number;
  lastPingRttMs?: number;
  lastError?: string;
}
