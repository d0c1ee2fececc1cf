import { describe, expect, it } from 'vitest';
import { parseMasters } from './deploymentUtils.js';

describe('parseMasters', () => {
  it('keeps live masters from CLUSTER NODES, with the seed password', () => {
    const nodes = [
      'a1 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-5460',
      'b2 127.0.0.1:7002@17002,host-b master - 0 1 2 connected 5461-10922',
      'c3 127.0.0.1:7003@17003 slave a1 0 1 1 connected',
      'd4 127.0.0.1:7004@17004 master,fail - 0 1 3 disconnected 10923-16383',
      'e5 :7005@17005 master - 0 1 4 connected',
    ].join('\n');
    expect(parseMasters(nodes, { host: 'seed', port: 7001, password: 'pw' })).toEqual([
      { host: '127.0.0.1', port: 7001, password: 'pw' },
      { host: '127.0.0.1', port: 7002, password: 'pw' },
      { host: 'seed', port: 7005, password: 'pw' },
    ]);
  });
});
