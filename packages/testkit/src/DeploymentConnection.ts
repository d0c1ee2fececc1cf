import type { Redis } from 'ioredis';
import { keySlot, SLOT_COUNT } from './clusterSlotUtils.js';
import { connect, type NodeAddress, type ResolvedDeployment } from './deploymentUtils.js';

/** What `inspect` learns about one key. */
export interface KeyState {
  /** `TYPE`: 'none' when the key does not exist. */
  type: string;
  /** `PEXPIRETIME`: absolute Unix time in ms, -1 without expiry, -2 when missing. */
  expireAt: number;
  /** `DEBUG DIGEST-VALUE`, when asked for. */
  valueDigest?: string;
}

const SCAN_COUNT = 1000;

/**
 * Connections to every master of a deployment, in one db, that can scan all its keys and
 * look keys up on the node that owns them (pipelined per node). Key names are Buffers.
 */
export class DeploymentConnection {
  private constructor(
    private readonly masters: Redis[],
    private readonly slotOwners: Redis[] | undefined,
  ) {}

  static async open(resolved: ResolvedDeployment, db: number): Promise<DeploymentConnection> {
    // A cluster has only db 0: any other db reads as empty.
    if (resolved.cluster && db !== 0) return new DeploymentConnection([], undefined);
    const masters = resolved.masters.map((node) => connect(node, db));
    if (!resolved.cluster) return new DeploymentConnection(masters, undefined);
    const connection = new DeploymentConnection(masters, new Array<Redis>(SLOT_COUNT));
    try {
      await connection.loadSlotOwners(resolved.masters);
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  /** Every key, in batches of about 1000, master after master. */
  async *scan(): AsyncGenerator<Buffer[]> {
    for (const client of this.masters) {
      let cursor = '0';
      do {
        const [next, keys] = await client.scanBuffer(cursor, 'COUNT', SCAN_COUNT);
        cursor = next.toString();
        if (keys.length > 0) yield keys;
      } while (cursor !== '0');
    }
  }

  /** TYPE, PEXPIRETIME (and DEBUG DIGEST-VALUE) of each key, asked of the node that owns it. */
  async inspect(keys: Buffer[], withValueDigest: boolean): Promise<KeyState[]> {
    const states = new Array<KeyState>(keys.length);
    if (this.masters.length === 0) {
      states.fill({ type: 'none', expireAt: -2 });
      return states;
    }
    const groups = new Map<Redis, number[]>();
    keys.forEach((key, index) => {
      const client = this.clientFor(key);
      const group = groups.get(client) ?? [];
      group.push(index);
      groups.set(client, group);
    });
    await Promise.all(
      [...groups].map(async ([client, indexes]) => {
        const pipeline = client.pipeline();
        for (const index of indexes) {
          const key = keys[index]!;
          pipeline.type(key);
          pipeline.call('PEXPIRETIME', key);
          if (withValueDigest) pipeline.call('DEBUG', 'DIGEST-VALUE', key);
        }
        const replies = (await pipeline.exec()) ?? [];
        const failed = replies.find(([error]) => error);
        if (failed) throw failed[0];
        const perKey = withValueDigest ? 3 : 2;
        indexes.forEach((index, i) => {
          const [type, expireAt, digest] = replies
            .slice(i * perKey, (i + 1) * perKey)
            .map(([, value]) => value);
          states[index] = {
            type: String(type),
            expireAt: Number(expireAt),
            ...(withValueDigest ? { valueDigest: String((digest as unknown[])[0]) } : {}),
          };
        });
      }),
    );
    return states;
  }

  close(): void {
    for (const client of this.masters) client.disconnect();
  }

  private clientFor(key: Buffer): Redis {
    if (!this.slotOwners) return this.masters[0]!;
    const owner = this.slotOwners[keySlot(key)];
    if (!owner)
      throw new Error(`No master of the deployment serves the slot of key ${key.toString('latin1')}`);
    return owner;
  }

  private async loadSlotOwners(nodes: NodeAddress[]): Promise<void> {
    const byAddress = new Map(nodes.map((node, i) => [`${node.host}:${node.port}`, this.masters[i]!]));
    const ranges = (await this.masters[0]!.call('CLUSTER', 'SLOTS')) as Array<
      [number, number, [string, number]]
    >;
    for (const [start, end, [host, port]] of ranges) {
      const owner = byAddress.get(`${host}:${port}`);
      if (owner) this.slotOwners!.fill(owner, start, end + 1);
    }
  }
}
