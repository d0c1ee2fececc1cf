/** A master of a Redis Cluster, from `CLUSTER NODES`. */
export interface ClusterMaster {
  id: string;
  host: string;
  port: number;
  /** Number of slots it serves. */
  slots: number;
}

/**
 * The masters that serve slots, from a `CLUSTER NODES` reply
 * (`<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <state> <slot>…`).
 * Failed masters and masters without slots are left out.
 */
export function parseClusterMasters(reply: string): ClusterMaster[] {
  const masters: ClusterMaster[] = [];
  for (const line of reply.split('\n')) {
    const fields = line.trim().split(' ');
    if (fields.length < 8) continue;
    const [id, address, flags] = fields as [string, string, string];
    const flagSet = new Set(flags.split(','));
    if (!flagSet.has('master') || flagSet.has('fail') || flagSet.has('noaddr')) continue;
    const hostPort = address.split('@')[0]!;
    const colon = hostPort.lastIndexOf(':');
    const host = hostPort.slice(0, colon);
    const port = Number(hostPort.slice(colon + 1));
    if (!host || !port) continue;
    let slots = 0;
    for (const range of fields.slice(8)) {
      if (range.startsWith('[')) continue; // a slot being migrated or imported
      const [from, to] = range.split('-').map(Number);
      slots += (to ?? from!) - from! + 1;
    }
    if (slots > 0) masters.push({ id, host, port, slots });
  }
  return masters;
}

/** The replicas of one master in a `CLUSTER NODES` reply (failed ones left out). */
export function parseClusterReplicas(reply: string, masterId: string): Array<{ host: string; port: number }> {
  const replicas: Array<{ host: string; port: number }> = [];
  for (const line of reply.split('\n')) {
    const fields = line.trim().split(' ');
    if (fields.length < 8 || fields[3] !== masterId) continue;
    const flags = new Set(fields[2]!.split(','));
    if (!flags.has('slave') || flags.has('fail') || flags.has('noaddr')) continue;
    const hostPort = fields[1]!.split('@')[0]!;
    const colon = hostPort.lastIndexOf(':');
    const port = Number(hostPort.slice(colon + 1));
    if (colon > 0 && port) replicas.push({ host: hostPort.slice(0, colon), port });
  }
  return replicas;
}
