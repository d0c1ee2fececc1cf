/** Parsing of Redis Cluster replies (CLUSTER SLOTS, MOVED/ASK) and node addressing. */

export const SLOT_COUNT = 16384;

export interface SlotRange {
  start: number;
  end: number;
  /** `host:port` of the master serving the range. */
  master: string;
}

/** What `CLUSTER NODES` says: the slot ranges of healthy masters, and every master known. */
export interface ClusterView {
  ranges: SlotRange[];
  /** Masters not flagged `fail` (including masters without slots, e.g. importing ones). */
  masters: Set<string>;
  /** Of those, the ones with a healthy replica: the only ones a failover can replace. */
  mastersWithReplicas: Set<string>;
}

/**
 * Parses `CLUSTER NODES`: `<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch>
 * <link> <slot>...`. A node announced without a host (`:0@0`) is skipped; `myself` without a host
 * takes `fallbackHost`; `[slot->-id]` migration markers are ignored.
 */
export function parseClusterNodes(text: string, fallbackHost: string): ClusterView {
  const ranges: SlotRange[] = [];
  const masters = new Set<string>();
  const masterIds = new Map<string, string>();
  const replicated = new Set<string>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    if (fields.length < 8) continue;
    const healthy = !/(^|,)(fail|noaddr|handshake)(,|$)/.test(fields[2]!);
    if (healthy && /(^|,)(slave|replica)(,|$)/.test(fields[2]!) && fields[3] !== '-')
      replicated.add(fields[3]!);
    const address = fields[1]!.split(/[@,]/)[0]!;
    const colon = address.lastIndexOf(':');
    let host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    const port = Number(address.slice(colon + 1));
    const flags = fields[2]!.split(',');
    if (!port) continue;
    if (host === '') {
      if (!flags.includes('myself')) continue;
      host = fallbackHost;
    }
    if (!flags.includes('master') || flags.includes('fail') || flags.includes('noaddr')) continue;
    const master = endpointOf(host, port);
    masters.add(master);
    masterIds.set(fields[0]!, master);
    for (const token of fields.slice(8)) {
      if (token.startsWith('[')) continue;
      const [start, end = start] = token.split('-');
      ranges.push({ start: Number(start), end: Number(end), master });
    }
  }
  const mastersWithReplicas = new Set<string>();
  for (const id of replicated) {
    const master = masterIds.get(id);
    if (master) mastersWithReplicas.add(master);
  }
  return { ranges, masters, mastersWithReplicas };
}

export function endpointOf(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The slots no range covers, as `a-b` ranges (empty when the cluster covers every slot). */
export function unservedSlots(ranges: SlotRange[]): string[] {
  const covered = new Uint8Array(SLOT_COUNT);
  for (const { start, end } of ranges) covered.fill(1, start, end + 1);
  const gaps: string[] = [];
  let slot = 0;
  while (slot < SLOT_COUNT) {
    if (covered[slot]) {
      slot++;
      continue;
    }
    const from = slot;
    while (slot < SLOT_COUNT && !covered[slot]) slot++;
    gaps.push(from === slot - 1 ? String(from) : `${from}-${slot - 1}`);
  }
  return gaps;
}

export interface Redirect {
  kind: 'MOVED' | 'ASK';
  slot: number;
  endpoint: string;
}

/** `MOVED 3999 127.0.0.1:6381` / `ASK 3999 127.0.0.1:6381` (an empty host means the sender's). */
export function parseRedirect(reply: string, senderHost: string): Redirect | undefined {
  const match = /^(MOVED|ASK) (\d+) (\S*):(\d+)/.exec(reply);
  if (!match) return undefined;
  const host = match[3]!.replace(/^\[(.*)\]$/, '$1');
  return {
    kind: match[1] as Redirect['kind'],
    slot: Number(match[2]),
    endpoint: endpointOf(host === '' ? senderHost : host, Number(match[4])),
  };
}

/** The URL of another node of the cluster: the seed URL (credentials, TLS) with its host and port. */
export function nodeUrl(seedUrl: string, endpoint: string): string {
  const url = new URL(seedUrl);
  const colon = endpoint.lastIndexOf(':');
  url.hostname = endpoint.slice(0, colon);
  url.port = endpoint.slice(colon + 1);
  url.pathname = '';
  return url.toString();
}

/** `host` of a `host:port` endpoint, brackets removed. */
export function hostOf(endpoint: string): string {
  return endpoint.slice(0, endpoint.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');
}
