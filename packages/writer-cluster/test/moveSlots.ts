import type { RedisServer } from '@redis-shuttle/testkit';
import type { Redis } from 'ioredis';

/**
 * Moves slots from one master to another the way `redis-cli --cluster reshard` does
 * (src/cluster.c: SETSLOT IMPORTING/MIGRATING, MIGRATE the keys, SETSLOT NODE everywhere),
 * `batch` slots at a time so that several slots are migrating at once; pipelined per batch.
 */
export async function moveSlots(
  from: RedisServer,
  to: RedisServer,
  others: RedisServer[],
  slots: number[],
  batch = 100,
): Promise<void> {
  const [source, target] = [from.client(), to.client()];
  const rest = others.map((node) => node.client());
  const fromId = String(await source.call('CLUSTER', 'MYID'));
  const toId = String(await target.call('CLUSTER', 'MYID'));
  const each = async (client: Redis, group: string[], ...args: string[]) => {
    const pipe = client.pipeline();
    for (const slot of group) pipe.call('CLUSTER', 'SETSLOT', slot, ...args);
    for (const [error] of (await pipe.exec()) ?? []) if (error) throw error;
  };
  for (let i = 0; i < slots.length; i += batch) {
    const group = slots.slice(i, i + batch).map(String);
    await each(target, group, 'IMPORTING', fromId);
    await each(source, group, 'MIGRATING', toId);
    for (;;) {
      const pipe = source.pipeline();
      for (const slot of group) pipe.call('CLUSTER', 'GETKEYSINSLOT', slot, '1000');
      const keysBySlot = ((await pipe.exec()) ?? []).map(([, keys]) => keys as string[]);
      if (keysBySlot.every((keys) => keys.length === 0)) break;
      const migrate = source.pipeline();
      for (const keys of keysBySlot) {
        if (keys.length > 0)
          migrate.call('MIGRATE', to.host, String(to.port), '', '0', '10000', 'REPLACE', 'KEYS', ...keys);
      }
      for (const [error] of (await migrate.exec()) ?? []) if (error) throw error;
    }
    await each(target, group, 'NODE', toId);
    await each(source, group, 'NODE', toId);
    for (const client of rest) await each(client, group, 'NODE', toId);
  }
}
