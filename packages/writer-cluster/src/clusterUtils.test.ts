import { describe, expect, it } from 'vitest';
import { nodeUrl, parseClusterNodes, parseRedirect, unservedSlots } from './clusterUtils.js';

// Lines in the format of Redis 7.0's CLUSTER NODES (src/cluster.c clusterGenNodeDescription).
const NODES = [
  'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460 [93->-292f8b365bb7edb5e285caf0b7e6ddc7265a2d4f]',
  '67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@40002,node-2 master - 0 1426238316232 2 connected 5461-10922',
  '292f8b365bb7edb5e285caf0b7e6ddc7265a2d4f 127.0.0.1:30003@40003 master,fail - 0 1426238318243 3 connected',
  '6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@40005 master - 0 1426238316232 5 connected 10923-16383 12000',
  '824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:30006@40006 slave 6ec23923021cf3ffec47632106199cb7f496ce01 0 1426238317741 6 connected',
  'a1 :0@0 master,noaddr - 0 0 0 disconnected',
].join('\n');

describe('parseClusterNodes', () => {
  it('keeps healthy masters and their slot ranges, skips replicas, failed nodes and migration markers', () => {
    const view = parseClusterNodes(NODES, '10.0.0.1');
    expect([...view.masters]).toEqual(['127.0.0.1:30001', '127.0.0.1:30002', '127.0.0.1:30005']);
    expect(view.ranges).toEqual([
      { start: 0, end: 5460, master: '127.0.0.1:30001' },
      { start: 5461, end: 10922, master: '127.0.0.1:30002' },
      { start: 10923, end: 16383, master: '127.0.0.1:30005' },
      { start: 12000, end: 12000, master: '127.0.0.1:30005' },
    ]);
    expect(unservedSlots(view.ranges)).toEqual([]);
  });

  it('says which masters have a healthy replica (the only ones a failover can replace)', () => {
    expect([...parseClusterNodes(NODES, '10.0.0.1').mastersWithReplicas]).toEqual(['127.0.0.1:30005']);
    const failedReplica = NODES.replace(' slave 6ec2', ' slave,fail 6ec2');
    expect([...parseClusterNodes(failedReplica, '10.0.0.1').mastersWithReplicas]).toEqual([]);
  });

  it('gives `myself` without an announced host the host it was asked on', () => {
    const view = parseClusterNodes('abc :7000@17000 myself,master - 0 0 1 connected 0-16383', '10.0.0.1');
    expect([...view.masters]).toEqual(['10.0.0.1:7000']);
  });
});

describe('unservedSlots', () => {
  it('lists the gaps', () => {
    expect(unservedSlots([{ start: 1, end: 16000, master: 'a:1' }])).toEqual(['0', '16001-16383']);
  });
});

describe('parseRedirect', () => {
  it('reads MOVED and ASK', () => {
    expect(parseRedirect('MOVED 3999 127.0.0.1:6381', 'x')).toEqual({
      kind: 'MOVED',
      slot: 3999,
      endpoint: '127.0.0.1:6381',
    });
    expect(parseRedirect('ASK 12 ::1:7000', 'x')).toEqual({ kind: 'ASK', slot: 12, endpoint: '[::1]:7000' });
    expect(parseRedirect('MOVED 5 :7001', '10.0.0.2')?.endpoint).toBe('10.0.0.2:7001');
    expect(parseRedirect('ERR wrong', 'x')).toBeUndefined();
  });
});

describe('nodeUrl', () => {
  it('keeps credentials and scheme, changes host and port', () => {
    expect(nodeUrl('rediss://u:p%40ss@seed:7000/0', '10.0.0.3:7005')).toBe('rediss://u:p%40ss@10.0.0.3:7005');
  });
});
