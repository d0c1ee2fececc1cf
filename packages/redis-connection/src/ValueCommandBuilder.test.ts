import type { KeyEntry } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import { formatScore, ValueCommandBuilder } from './ValueCommandBuilder.js';

const b = (s: string) => Buffer.from(s);
const key: KeyEntry = { kind: 'key', db: 0, key: b('k'), type: 'list', expireAtMs: null, complete: true };
const text = (cmds: unknown[][]) =>
  cmds.map((c) => c.map((a) => (Buffer.isBuffer(a) ? a.toString() : String(a))).join(' '));

function builder(maxElements = 3, maxBytes = 1 << 20, hashFieldTtl = false) {
  const losses = { fieldTtlsDropped: 0, pendingDropped: 0, moduleKeysSkipped: new Map<string, number>() };
  return {
    losses,
    builder: new ValueCommandBuilder({ maxElements, maxBytes }, { hashFieldTtl, streamMeta: true }, losses),
  };
}

describe('ValueCommandBuilder', () => {
  it('deletes the key first and splits a big list by element budget', () => {
    const { builder: vb } = builder(2);
    expect(text(vb.begin(key, { type: 'list', elements: ['a', 'b', 'c', 'd', 'e'].map(b) }))).toEqual([
      'DEL k',
      'RPUSH k a b',
      'RPUSH k c d',
      'RPUSH k e',
    ]);
  });

  it('splits by byte budget too', () => {
    const { builder: vb } = builder(100, 10);
    expect(text(vb.chunk(b('k'), { type: 'set', members: ['aaaaaa', 'bbbbbb', 'c'].map(b) }))).toEqual([
      'SADD k aaaaaa',
      'SADD k bbbbbb c',
    ]);
  });

  it('writes a string in pieces: SET then APPEND', () => {
    const { builder: vb } = builder();
    expect(text(vb.begin(key, { type: 'string', value: b('abc') }))).toEqual(['DEL k', 'SET k abc']);
    expect(text(vb.chunk(b('k'), { type: 'string', value: b('def') }))).toEqual(['APPEND k def']);
  });

  it('formats scores so Redis reads back the same double', () => {
    expect([Infinity, -Infinity, -0, 0, 0.1, 1 / 3, 5e-324, 1.7976931348623157e308].map(formatScore)).toEqual(
      ['+inf', '-inf', '-0', '0', '0.1', '0.3333333333333333', '5e-324', '1.7976931348623157e+308'],
    );
  });

  it('drops field TTLs on targets without HPEXPIREAT, and counts them', () => {
    const { builder: vb, losses } = builder();
    expect(
      text(
        vb.chunk(b('h'), {
          type: 'hash',
          fields: [
            [b('f1'), b('v1'), 4102444800000],
            [b('f2'), b('v2')],
          ],
        }),
      ),
    ).toEqual(['HSET h f1 v1 f2 v2']);
    expect(losses.fieldTtlsDropped).toBe(1);
    const withTtl = builder(3, 1 << 20, true).builder;
    expect(
      text(withTtl.chunk(b('h'), { type: 'hash', fields: [[b('f1'), b('v1'), 4102444800000]] })),
    ).toEqual(['HSET h f1 v1', 'HPEXPIREAT h 4102444800000 FIELDS 1 f1']);
  });

  it('rebuilds a stream with its id, counters, groups, PEL and consumers', () => {
    const { builder: vb } = builder();
    const cmds = vb.chunk(b('s'), {
      type: 'stream',
      entries: [{ id: '1-1', fields: [b('f'), b('v')] }],
      meta: {
        length: 1,
        lastId: '5-0',
        firstId: '1-1',
        maxDeletedId: '3-0',
        entriesAdded: 4,
        groups: [
          {
            name: b('g'),
            lastDeliveredId: '1-1',
            entriesRead: 1,
            pending: [['1-1', b('alice'), 1700000000000, 2]],
            consumers: [{ name: b('alice'), seenTime: 0, activeTime: null, pending: ['1-1'] }],
          },
        ],
      },
    });
    expect(text(cmds)).toEqual([
      'XADD s 1-1 f v',
      'XSETID s 5-0 ENTRIESADDED 4 MAXDELETEDID 3-0',
      'XGROUP CREATE s g 1-1 ENTRIESREAD 1',
      'XCLAIM s g alice 0 1-1 TIME 1700000000000 RETRYCOUNT 2 JUSTID FORCE',
      'XGROUP CREATECONSUMER s g alice',
    ]);
  });

  it('creates an empty stream by trimming a placeholder entry away', () => {
    const { builder: vb } = builder();
    const cmds = vb.chunk(b('s'), {
      type: 'stream',
      entries: [],
      meta: { length: 0, lastId: '9-9', firstId: null, maxDeletedId: null, entriesAdded: null, groups: [] },
    });
    expect(text(cmds)).toEqual(['XADD s MAXLEN 0 9-9 x y', 'XSETID s 9-9']);
  });

  it('skips module values and counts them by module', () => {
    const { builder: vb, losses } = builder();
    expect(
      vb.chunk(b('m'), { type: 'module', moduleId: 1n, moduleName: 'ReJSON-RL', payload: b('') }),
    ).toEqual([]);
    expect(losses.moduleKeysSkipped.get('ReJSON-RL')).toBe(1);
  });
});
