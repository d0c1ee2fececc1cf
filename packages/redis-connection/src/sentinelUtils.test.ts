import { describe, expect, it } from 'vitest';
import { parseSentinelUrl } from './sentinelUtils.js';

describe('parseSentinelUrl', () => {
  it('reads several Sentinels, the master name and credentials', () => {
    expect(parseSentinelUrl('redis-sentinel://app:s%40cret@10.0.0.1:26379,10.0.0.2:26380/mymaster')).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      masterName: 'mymaster',
      username: 'app',
      password: 's@cret',
    });
  });
  it('defaults the port to 26379', () => {
    expect(parseSentinelUrl('redis-sentinel://sentinel/cache')?.sentinels).toEqual([
      { host: 'sentinel', port: 26379 },
    ]);
  });
  it('is undefined for other URLs and an error for a malformed one', () => {
    expect(parseSentinelUrl('redis://h:1')).toBeUndefined();
    expect(() => parseSentinelUrl('redis-sentinel://h:1')).toThrow(/invalid Sentinel URL/);
  });
});
