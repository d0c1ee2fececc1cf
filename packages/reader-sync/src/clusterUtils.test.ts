import { describe, expect, it } from 'vitest';
import { parseClusterMasters, parseClusterReplicas } from './clusterUtils.js';
import { parseInfoReplicas } from './replicaUtils.js';

const NODES = [
  'a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460',
  'b2 127.0.0.1:7001@17001,host-b master - 0 1700000000000 2 connected 5461-10922 [10923->-c3]',
  'c3 127.0.0.1:7002@17002 master - 0 1700000000000 3 connected 10923-16383',
  'd4 127.0.0.1:7003@17003 slave a1 0 1700000000000 1 connected',
  'e5 127.0.0.1:7004@17004 slave,fail a1 0 1700000000000 1 connected',
  'f6 127.0.0.1:7005@17005 master,fail - 0 0 4 disconnected',
  'g7 127.0.0.1:7006@17006 master - 0 0 5 connected',
  '',
].join('\n');

describe('clusterUtils', () => {
  it('lists the masters that serve slots', () => {
    expect(parseClusterMasters(NODES)).toEqual([
      { id: 'a1', host: '127.0.0.1', port: 7000, slots: 5461 },
      { id: 'b2', host: '127.0.0.1', port: 7001, slots: 5462 },
      { id: 'c3', host: '127.0.0.1', port: 7002, slots: 5461 },
    ]);
  });

  it("lists a master's healthy replicas", () => {
    expect(parseClusterReplicas(NODES, 'a1')).toEqual([{ host: '127.0.0.1', port: 7003 }]);
    expect(parseClusterReplicas(NODES, 'b2')).toEqual([]);
  });
});

describe('parseInfoReplicas', () => {
  it('lists the online replicas, least lagging first', () => {
    const info = {
      role: 'master',
      connected_slaves: '3',
      slave0: 'ip=10.0.0.1,port=6380,state=online,offset=100,lag=3',
      slave1: 'ip=10.0.0.2,port=6381,state=wait_bgsave,offset=0,lag=0',
      slave2: 'ip=10.0.0.3,port=6382,state=online,offset=120,lag=0',
    };
    expect(parseInfoReplicas(info)).toEqual([
      { host: '10.0.0.3', port: 6382 },
      { host: '10.0.0.1', port: 6380 },
    ]);
  });
});
