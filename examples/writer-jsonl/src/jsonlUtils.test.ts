import type { Entry } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeBytes, encodeEntry } from './jsonlUtils.js';

const binary = Buffer.from([0x00, 0xff, 0xfe, 0x0a]);
const roundTrip = (entry: Entry) => expect(decodeEntry(encodeEntry(entry))).toEqual(entry);

describe('jsonlUtils', () => {
  it('writes valid UTF-8 as a string and anything else as base64', () => {
    expect(encodeBytes(Buffer.from('héllo\n'))).toBe('héllo\n');
    expect(encodeBytes(binary)).toEqual({ base64: 'AP/+Cg==' });
    expect(encodeBytes(Buffer.from([0xc3]))).toEqual({ base64: 'ww==' }); // truncated UTF-8
  });

  it('writes one line per entry, a newline only at its end', () => {
    const line = encodeEntry({
      kind: 'command',
      db: 2,
      argv: [Buffer.from('SET'), Buffer.from('a\nb'), binary],
    });
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({
      kind: 'command',
      db: 2,
      argv: ['SET', 'a\nb', { base64: 'AP/+Cg==' }],
    });
  });

  it('round-trips key entries with DUMP payloads and binary keys', () => {
    roundTrip({
      kind: 'key',
      db: 15,
      key: binary,
      type: 'string',
      expireAtMs: 4102444800000,
      idleSeconds: 3,
      dump: {
        payload: Buffer.from([0x00, 0x01, 0x61, 0x0c, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]),
        rdbVersion: 12,
        rdbType: 0,
      },
      complete: true,
    });
  });

  it('round-trips decoded values: zset infinities, hash TTLs, streams, module ids as bigint', () => {
    roundTrip({
      kind: 'key',
      db: 0,
      key: Buffer.from('z'),
      type: 'zset',
      expireAtMs: null,
      value: {
        type: 'zset',
        entries: [
          [binary, Number.POSITIVE_INFINITY],
          [Buffer.from('b'), -1.5],
          [Buffer.from('c'), Number.NEGATIVE_INFINITY],
        ],
      },
      complete: false,
    });
    roundTrip({
      kind: 'value-chunk',
      db: 1,
      key: Buffer.from('h'),
      value: {
        type: 'hash',
        fields: [
          [binary, binary],
          [Buffer.from('f'), Buffer.from('v'), 1700000000000],
        ],
      },
      last: true,
    });
    roundTrip({
      kind: 'value-chunk',
      db: 1,
      key: Buffer.from('l'),
      value: { type: 'list', elements: [binary] },
      last: false,
    });
    roundTrip({
      kind: 'value-chunk',
      db: 1,
      key: Buffer.from('s'),
      value: { type: 'set', members: [binary, Buffer.from('x')] },
      last: true,
    });
    roundTrip({
      kind: 'value-chunk',
      db: 0,
      key: Buffer.from('st'),
      value: {
        type: 'stream',
        entries: [{ id: '1-1', fields: [Buffer.from('f'), binary] }],
        meta: {
          length: 1,
          lastId: '1-1',
          firstId: '1-1',
          maxDeletedId: '0-0',
          entriesAdded: 1,
          groups: [
            {
              name: binary,
              lastDeliveredId: '1-1',
              entriesRead: null,
              pending: [['1-1', Buffer.from('alice'), 5, 1]],
              consumers: [{ name: Buffer.from('alice'), seenTime: 5, activeTime: null, pending: ['1-1'] }],
            },
          ],
        },
      },
      last: true,
    });
    const big = 2n ** 63n + 5n;
    const line = encodeEntry({
      kind: 'value-chunk',
      db: 0,
      key: Buffer.from('m'),
      value: { type: 'module', moduleId: big, moduleName: 'ReJSON-RL', payload: binary },
      last: true,
    });
    expect(JSON.parse(line).value.moduleId).toBe(big.toString());
    expect(decodeEntry(line)).toMatchObject({ value: { moduleId: big } });
  });

  it('round-trips transactions and functions', () => {
    roundTrip({
      kind: 'transaction',
      db: 3,
      commands: [
        [Buffer.from('INCR'), binary],
        [Buffer.from('SELECT'), Buffer.from('0')],
      ],
    });
    roundTrip({
      kind: 'function',
      code: Buffer.from('#!lua name=x\nredis.register_function("f", function() return 1 end)'),
    });
  });
});
