import { describe, expect, it } from 'vitest';
import { parseInfo, rdbVersionForServer } from './targetUtils.js';

describe('rdbVersionForServer', () => {
  it.each([
    ['7.0.15', 10],
    ['7.2.6', 11],
    ['7.2.4', 11],
    ['7.4.1', 12],
    ['7.9.224', 12],
    ['8.0.2', 12],
    ['6.2.14', 9],
    ['5.0.7', 9],
    ['4.0.14', 8],
    ['3.2.12', 7],
  ])('redis %s loads RDB %i', (version, rdb) => {
    expect(rdbVersionForServer(version)).toBe(rdb);
  });
});

describe('parseInfo', () => {
  it('reads fields and skips section headers', () => {
    expect(parseInfo('# Server\r\nredis_version:7.0.15\r\ncluster_enabled:0\r\n')).toEqual({
      redis_version: '7.0.15',
      cluster_enabled: '0',
    });
  });
});
