import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, parseAll, readFixture } from '../test/fixtureUtils.js';
import { parseRdb } from './parseRdb.js';
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
});
