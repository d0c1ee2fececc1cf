import { join } from 'node:path';
import { fillEveryType, RedisServer } from '@redis-shuttle/testkit';

/** A source server filled with every value type, SAVEd: the RDB file is `rdbPath`. */
export async function sourceWithRdb(scale: number): Promise<{ source: RedisServer; rdbPath: string }> {
  const source = await RedisServer.start();
  const client = source.client();
  await fillEveryType(client, { dbs: [0, 1, 15], scale });
  await client.save();
  client.disconnect();
  return { source, rdbPath: join(source.dir, 'dump.rdb') };
}
