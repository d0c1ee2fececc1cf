import { fillEveryType } from '@redis-shuttle/testkit';
import type { Redis } from 'ioredis';

export const BIG_ZSET = 'big:zset';

/**
 * Fills a source with every type (testkit's dataset), big keys (a 1,000,000-member zset, a
 * 200,000-field hash, a 300,000-element list, a 20 MB string) and `DEBUG POPULATE` strings up to
 * `totalKeys` keys in db 0.
 */
export async function fillBigSource(client: Redis, totalKeys: number, dbs: number[]): Promise<void> {
  await fillEveryType(client, { dbs });
  await client.select(0);
  const fill = `
    local kind, key, n = ARGV[1], KEYS[1], tonumber(ARGV[2])
    local batch = {}
    for i = 1, n do
      if kind == 'zset' then batch[#batch + 1] = i * 0.5; batch[#batch + 1] = 'member:' .. i
      elseif kind == 'hash' then batch[#batch + 1] = 'field:' .. i; batch[#batch + 1] = 'value:' .. i
      else batch[#batch + 1] = 'element:' .. i end
      if #batch >= 2000 or i == n then
        if kind == 'zset' then redis.call('ZADD', key, unpack(batch))
        elseif kind == 'hash' then redis.call('HSET', key, unpack(batch))
        else redis.call('RPUSH', key, unpack(batch)) end
        batch = {}
      end
    end
    return n`;
  await client.eval(fill, 1, BIG_ZSET, 'zset', 1_000_000);
  await client.eval(fill, 1, 'big:hash', 'hash', 200_000);
  await client.eval(fill, 1, 'big:list', 'list', 300_000);
  await client.set('big:string', Buffer.alloc(20 * 1024 * 1024, 'x'));
  await client.pexpireat('big:hash', 4102444800000);
  const have = await client.dbsize();
  if (have < totalKeys) await client.call('DEBUG', 'POPULATE', String(totalKeys - have), 'bulk', '16');
}
