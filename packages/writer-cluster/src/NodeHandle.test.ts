import { silentLogger } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import { NodeHandle } from './NodeHandle.js';
import { type RoutedUnit, routedUnit } from './RoutedUnit.js';

function handle(keepAckedUnits: number, keepAckedBytes = 1 << 20): NodeHandle {
  return new NodeHandle(
    '127.0.0.1:1',
    {
      id: 'target:127.0.0.1:1',
      url: 'redis://127.0.0.1:1',
      endpoint: '127.0.0.1:1',
      redisOptions: {},
      reconnectForMs: 0,
      retryableErrors: /^$/,
      retryForMs: 0,
    },
    { onAck: () => {}, onFatal: () => {}, onState: () => {} },
    silentLogger,
    [],
    { keepAckedUnits, keepAckedBytes },
  );
}

function acked(node: NodeHandle, name: string, bytes = 10): RoutedUnit {
  const unit = routedUnit(['RESTORE', name], 0, bytes, { idempotent: true });
  unit.node = node;
  unit.done = true;
  node.remember(unit);
  return unit;
}

describe('NodeHandle', () => {
  it('gives up with the last acknowledged units, then the pending ones, in order', () => {
    const node = handle(2);
    acked(node, 'a');
    const b = acked(node, 'b');
    const c = acked(node, 'c');
    const p = routedUnit(['RESTORE', 'p'], 0, 10);
    p.node = node;
    node.pending.add(p);
    expect(node.abandon()).toEqual([b, c, p]);
    expect(node.abandoned).toBe(true);
  });

  it('keeps no more acknowledged bytes than its limit, and skips units sent elsewhere since', () => {
    const node = handle(100, 25);
    acked(node, 'a');
    const b = acked(node, 'b');
    const c = acked(node, 'c');
    b.node = undefined;
    expect(node.abandon()).toEqual([c]);
  });

  it('queues sends until its first connection is up', () => {
    const node = handle(1);
    node.send({ args: ['PING'], db: -1, bytes: 14, acked: false, sends: 0 });
    expect(node.inFlight).toBe(1);
    expect(node.inFlightBytes).toBe(14);
    expect(node.ready).toBe(false);
  });
});
