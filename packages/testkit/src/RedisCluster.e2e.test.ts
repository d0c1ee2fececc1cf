import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from './clusterSlotUtils.js';
import { RedisCluster } from './RedisCluster.js';

describe('RedisCluster', () => {
  describe('3 masters', () => {
    let cluster: RedisCluster;
    beforeAll(async () => {
      cluster = await RedisCluster.start();
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('reaches cluster_state:ok with the slots split evenly', async () => {
      expect(cluster.masters).toHaveLength(3);
      expect(cluster.replicas).toHaveLength(0);
      expect(cluster.seeds).toEqual(cluster.masters.map(({ host, port }) => ({ host, port })));
      expect(cluster.url).toBe(cluster.masters[0]!.url);
      for (const node of cluster.nodes) {
        const info = await node.client().cluster('INFO');
        expect(info).toMatch(/cluster_state:ok/);
        expect(info).toMatch(/cluster_known_nodes:3/);
      }
      expect(cluster.nodeForSlot(0)).toBe(cluster.masters[0]);
      expect(cluster.nodeForSlot(16383)).toBe(cluster.masters[2]);
    });

    it('routes keys to the master that owns their slot', async () => {
      const client = cluster.client();
      await client.set('foo', 'bar');
      const owner = cluster.nodeForKey('foo');
      expect(owner).toBe(cluster.nodeForSlot(keySlot('foo')));
      expect(await owner.client().get('foo')).toBe('bar');
      expect(await owner.client().cluster('KEYSLOT', 'foo')).toBe(keySlot('foo'));
    });
  });

  it('builds 3 masters with one replica each, replicas linked', async () => {
    const cluster = await RedisCluster.start({ masters: 3, replicasPerMaster: 1 });
    try {
      expect(cluster.nodes).toHaveLength(6);
      for (const [i, replica] of cluster.replicas.entries()) {
        const info = await replica.info('replication');
        expect(info.role).toBe('slave');
        expect(info.master_link_status).toBe('up');
        expect(Number(info.master_port)).toBe(cluster.masters[i]!.port);
      }
      const slots = (await cluster.masters[1]!.client().cluster('SLOTS')) as unknown[][];
      expect(slots.every((range) => range.length === 4)).toBe(true);
    } finally {
      await cluster.stop();
    }
  });
});
