import { Redis } from 'ioredis';
import { combineNodeDigests } from './digestUtils.js';
import { parseKeyspace } from './infoUtils.js';
import { RedisCluster } from './RedisCluster.js';
import { RedisServer } from './RedisServer.js';

export interface NodeAddress {
  host: string;
  port: number;
  password?: string;
}

/** A standalone server, a cluster, or the address(es) of one that runs elsewhere. */
export type Deployment = RedisServer | RedisCluster | { nodes: NodeAddress[]; cluster: boolean };

/** A deployment reduced to the nodes that hold its data. */
export interface ResolvedDeployment {
  cluster: boolean;
  /** The standalone server, or every master of the cluster. */
  masters: NodeAddress[];
}

export async function resolveDeployment(deployment: Deployment): Promise<ResolvedDeployment> {
  if (deployment instanceof RedisServer) return { cluster: false, masters: [addressOf(deployment)] };
  if (deployment instanceof RedisCluster)
    return { cluster: true, masters: deployment.masters.map(addressOf) };
  const [seed] = deployment.nodes;
  if (!seed) throw new TypeError('A deployment needs at least one node');
  if (!deployment.cluster) return { cluster: false, masters: [seed] };
  const client = connect(seed);
  try {
    const nodes = String(await client.call('CLUSTER', 'NODES'));
    return { cluster: true, masters: parseMasters(nodes, seed) };
  } finally {
    client.disconnect();
  }
}

/** Masters from a CLUSTER NODES reply (`<id> <ip:port@cport[,hostname]> <flags> ...`), failed ones left out. */
export function parseMasters(clusterNodes: string, seed: NodeAddress): NodeAddress[] {
  const masters: NodeAddress[] = [];
  for (const line of clusterNodes.trim().split('\n')) {
    const [, addr = '', flags = ''] = line.split(' ');
    const flagList = flags.split(',');
    if (!flagList.includes('master') || flagList.includes('fail') || flagList.includes('noaddr')) continue;
    const hostPort = addr.split('@')[0] ?? '';
    const colon = hostPort.lastIndexOf(':');
    const host = hostPort.slice(0, colon) || seed.host;
    masters.push({ host, port: Number(hostPort.slice(colon + 1)), password: seed.password });
  }
  return masters;
}

/** A client for one node, failing fast rather than retrying forever. */
export function connect(node: NodeAddress, db = 0): Redis {
  return new Redis({
    host: node.host,
    port: node.port,
    password: node.password,
    db,
    maxRetriesPerRequest: 2,
  });
}

/** `DEBUG DIGEST` of the deployment, combined over a cluster's masters to match a single server's. */
export async function digestOf(resolved: ResolvedDeployment): Promise<string> {
  const digests = await onEachMaster(resolved, async (client) =>
    String(await client.call('DEBUG', 'DIGEST')),
  );
  return resolved.cluster ? combineNodeDigests(digests) : digests[0]!;
}

/** Keys per db from `INFO keyspace`, summed over a cluster's masters. */
export async function keyCountsOf(resolved: ResolvedDeployment): Promise<Record<number, number>> {
  const perNode = await onEachMaster(resolved, async (client) =>
    parseKeyspace(await client.info('keyspace')),
  );
  const total: Record<number, number> = {};
  for (const counts of perNode) {
    for (const [db, keys] of Object.entries(counts)) total[Number(db)] = (total[Number(db)] ?? 0) + keys;
  }
  return total;
}

async function onEachMaster<T>(
  resolved: ResolvedDeployment,
  task: (client: Redis) => Promise<T>,
): Promise<T[]> {
  return Promise.all(
    resolved.masters.map(async (node) => {
      const client = connect(node);
      try {
        return await task(client);
      } finally {
        client.disconnect();
      }
    }),
  );
}

function addressOf(server: RedisServer): NodeAddress {
  return { host: server.host, port: server.port, password: server.password };
}
