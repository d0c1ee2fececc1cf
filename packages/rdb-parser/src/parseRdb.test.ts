import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FIXTURES, parseAll, readFixture } from '../test/fixtureUtils.js';
import { MAX_DECODED_PUSH_BYTES, parseRdb } from './parseRdb.js';
import { RdbParser } from './RdbParser.js';
import type { RdbEvent } from './types.js';

describe('parseRdb', () => {
  it('reads a file stream and yields the same events as the synchronous parser', async () => {
    const rel = 'leonchen83__redis-rdb-cli/all.rdb';
    const events: RdbEvent[] = [];
    for await (const ev of parseRdb(createReadStream(join(FIXTURES, rel), { highWaterMark: 1000 }), {
      mode: 'both',
    })) {
      events.push(ev);
    }
    const sync = parseAll(readFixture(rel), { mode: 'both' });
    expect(events.map((e) => e.kind)).toEqual(sync.map((e) => e.kind));
    expect(events.filter((e) => e.kind === 'key')).toHaveLength(270);
    expect(events.at(-1)).toEqual({ kind: 'end', checksum: 'verified' });
  });

  it('in decoded mode, gives the parser a big chunk 256 KiB at a time, with the same events', async () => {
    const data = readFixture('generated/redis-7.4.1/dataset.rdb.gz');
    const pushed: number[] = [];
    const original = RdbParser.prototype.push;
    const spy = vi.spyOn(RdbParser.prototype, 'push').mockImplementation(function (this: RdbParser, chunk) {
      pushed.push(chunk.length);
      return original.call(this, chunk);
    });
    const events: RdbEvent[] = [];
    try {
      for await (const ev of parseRdb([data], { mode: 'decoded' })) events.push(ev);
    } finally {
      spy.mockRestore();
    }
    expect(data.length).toBeGreaterThan(4 * MAX_DECODED_PUSH_BYTES);
    expect(Math.max(...pushed)).toBe(MAX_DECODED_PUSH_BYTES);
    expect(pushed.reduce((a, b) => a + b, 0)).toBe(data.length);
    const sync = parseAll(data, { mode: 'decoded' });
    expect(events).toHaveLength(sync.length);
    expect(events.filter((e) => e.kind === 'key').map((e) => (e as { key: Buffer }).key)).toEqual(
      sync.filter((e) => e.kind === 'key').map((e) => (e as { key: Buffer }).key),
    );
    expect(events.at(-1)).toEqual({ kind: 'end', checksum: 'verified' });
  });
});
