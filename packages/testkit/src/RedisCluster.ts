import { Cluster, type ClusterOptions, Redis } from 'ioredis';
import { keySlot, splitSlots } from './clusterSlotUtils.js';
import { parseInfo } from './infoUtils.js';
import { RedisServer } from './RedisServer.js';
import { waitFor } from './testUtils.js';

export interface RedisClusterOptions {
  /** Number of masters (default 3); the 16384 slots are split evenly between them. */
  masters?: number;
  /** Replicas per master (default 0). */
  replicasPerMaster?: number;
  /** `cluster-node-timeout` in ms (default 2000). */
  nodeTimeoutMs?: number;
  /** Extra redis-server arguments for every node. */
  args?: string[];
  /** How long to wait for the cluster to converge (default 30 000 ms). */
  readyTimeoutMs?: number;
  /** Every node in a session of its own (see RedisServerOptions.ownSession). */
  ownSession?: boolean;
}

/**
 * A real Redis Cluster of local redis-server processes, built by hand (ADDSLOTSRANGE, MEET,
 * REPLICATE) and returned once every node reports `cluster_state:ok`, agrees on the slot map,
 * and every replica's link to its master is up.
 */
export class RedisCluster {
  private readonly clients = new Set<Cluster>();

  private constructor(
    readonly masters: RedisServer[],
    readonly replicas: RedisServer[],
    /** `slotRanges[i]` is the inclusive slot range served by `masters[i]`. */
    readonly slotRanges: Array<[number, number]>,
  ) {}

  static async start(options: RedisClusterOptions = {}): Promise<RedisCluster> {
    const masterCount = options.masters ?? 3;
    const replicasPerMaster = options.replicasPerMaster ?? 0;
    if (!Number.isInteger(masterCount) || masterCount < 1) throw new RangeError('masters must be >= 1');
    // biome-ignore format: flag/value pairs
    const args = [
      '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 2_000),
      // Replicas sync at once, and a master pings them every second (not 10 s): CLUSTER SLOTS
      // lists a replica only once its replication offset is non-zero.
      '--repl-diskless-sync-delay', '0',
      '--repl-ping-replica-period', '1',
      ...(options.args ?? []),
    ];
    const total = masterCount * (1 + replicasPerMaster);
    const started = await Promise.allSettled(
      Array.from({ length: total }, () =>
        RedisServer.start({ cluster: true, args, ownSession: options.ownSession }),
      ),
    );
    const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) {
      await Promise.all(nodes.map((node) => node.stop()));
      throw failure.reason;
    }
    const cluster = new RedisCluster(
      nodes.slice(0, masterCount),
      nodes.slice(masterCount),
      splitSlots(masterCount),
    );
    try {
      await cluster.assemble(replicasPerMaster, options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get nodes(): RedisServer[] {
    return [...this.masters, ...this.replicas];
  }

  /** URL of the first master. */
  get url(): string {
    return this.masters[0]!.url;
  }

  /** Every node's address, for cluster clients. */
  get seeds(): Array<{ host: string; port: number }> {
    return this.nodes.map(({ host, port }) => ({ host, port }));
  }

  /** The master serving `slot`. */
  nodeForSlot(slot: number): RedisServer {
    const index = this.slotRanges.findIndex(([start, end]) => slot >= start && slot <= end);
    if (index < 0) throw new RangeError(`No master serves slot ${slot}`);
    return this.masters[index]!;
  }

  /** The master serving `key`. */
  nodeForKey(key: string | Uint8Array): RedisServer {
    return this.nodeForSlot(keySlot(key));
  }

  /** An ioredis Cluster client seeded with this cluster's nodes; closed by `stop()`. */
  client(options: ClusterOptions = {}): Cluster {
    const client = new Cluster(this.seeds, options);
    this.clients.add(client);
    client.once('end', () => this.clients.delete(client));
    return client;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    this.clients.clear();
    await Promise.all(this.nodes.map((node) => node.stop()));
  }

  private async assemble(replicasPerMaster: number, timeoutMs: number): Promise<void> {
    const clients = this.nodes.map((node) => node.client({ maxRetriesPerRequest: 1 }));
    try {
      const [first, ...others] = this.nodes;
      await Promise.all(
        clients.map(async (client, i) => {
          await client.call('CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1));
          const range = this.slotRanges[i];
          if (range) await client.call('CLUSTER', 'ADDSLOTSRANGE', String(range[0]), String(range[1]));
        }),
      );
      for (const node of others) await clients[0]!.call('CLUSTER', 'MEET', node.host, String(node.port));
      const wait = { timeoutMs, intervalMs: 50 };
      await waitFor(
        async () => (await Promise.all(clients.map((c) => knowsAll(c, clients.length)))).every(Boolean),
        {
          ...wait,
          message: `all ${clients.length} nodes of the cluster started from ${first!.host}:${first!.port} to know each other`,
        },
      );
      const ids = await Promise.all(clients.map(async (c) => String(await c.call('CLUSTER', 'MYID'))));
      await Promise.all(
        this.replicas.map((_, r) => {
          const masterId = ids[Math.floor(r / replicasPerMaster)]!;
          const client = clients[this.masters.length + r]!;
          return waitFor(() => client.call('CLUSTER', 'REPLICATE', masterId).then(() => true), {
            ...wait,
            message: `replica ${r} to follow master ${masterId}`,
          });
        }),
      );
      await waitFor(() => this.converged(clients, replicasPerMaster), {
        ...wait,
        message: 'cluster_state:ok, one slot map on every node and every replica link up',
      });
    } finally {
      for (const client of clients) client.disconnect();
    }
  }

  private async converged(clients: Redis[], replicasPerMaster: number): Promise<boolean> {
    const states = await Promise.all(
      clients.map(async (c) => parseInfo(String(await c.call('CLUSTER', 'INFO')))),
    );
    if (!states.every((state) => state.cluster_state === 'ok')) return false;
    const maps = await Promise.all(clients.map(async (c) => slotMap(await c.call('CLUSTER', 'SLOTS'))));
    if (new Set(maps).size !== 1) return false;
    const ranges = JSON.parse(maps[0]!) as unknown[][];
    if (ranges.length !== this.masters.length || ranges.some((r) => r.length !== 3 + replicasPerMaster))
      return false;
    const links = await Promise.all(
      clients
        .slice(this.masters.length)
        .map(async (c) => parseInfo(await c.info('replication')).master_link_status),
    );
    return links.every((status) => status === 'up');
  }
}

async function knowsAll(client: Redis, count: number): Promise<boolean> {
  const lines = String(await client.call('CLUSTER', 'NODES'))
    .trim()
    .split('\n');
  return lines.length === count && lines.every((line) => !/handshake|noaddr/.test(line.split(' ')[2] ?? ''));
}

/** CLUSTER SLOTS as a canonical string: ranges sorted, each node reduced to host:port, replicas sorted. */
function slotMap(reply: unknown): string {
  const ranges = (reply as unknown[][]).map(([start, end, master, ...replicas]) => [
    start,
    end,
    address(master),
    ...replicas.map(address).sort(),
  ]);
  ranges.sort((a, b) => Number(a[0]) - Number(b[0]));
  return JSON.stringify(ranges);
}

function address(node: unknown): string {
  const [host, port] = node as [string, number];
  return `${host}:${port}`;
}
