import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDumpPayload } from '../src/dumpPayloadUtils.js';
import type { KeyEvent, RdbEvent } from '../src/types.js';
import { EXPECTED_FAILURES, listRdbFixtures, parseAll, readFixture } from './fixtureUtils.js';

/**
 * For every fixture redis-server 7.0 loads itself (RDB <= 10): RESTORE of each key's payload into an
 * empty server gives the same DEBUG DIGEST-VALUE as the server that loaded the file.
 */

interface Candidate {
  rel: string;
  data: Buffer;
  events: RdbEvent[];
}

function candidates(): { loadable: Candidate[]; newer: Candidate[] } {
  const seen = new Set<string>();
  const loadable: Candidate[] = [];
  const newer: Candidate[] = [];
  for (const rel of listRdbFixtures()) {
    if (EXPECTED_FAILURES[rel]) continue;
    const data = readFixture(rel);
    const h = createHash('sha1').update(data).digest('hex');
    if (seen.has(h)) continue;
    seen.add(h);
    const events = parseAll(data, { mode: 'raw' });
    const header = events[0]!;
    if (header.kind !== 'header') continue;
    // Files 7.0 cannot load without extra setup: modules, pre-GA functions (dropped in 7.0 GA).
    const needsModule = events.some(
      (e) =>
        e.kind === 'module-aux' ||
        (e.kind === 'key' && (e.rdbType === 7 || e.rdbType === 6)) ||
        (e.kind === 'function' && e.name !== undefined),
    );
    if (header.magic === 'REDIS' && header.version <= 10 && !needsModule)
      loadable.push({ rel, data, events });
    else newer.push({ rel, data, events });
  }
  return { loadable, newer };
}

describe('DUMP payloads restore into redis-server 7.0', () => {
  const { loadable, newer } = candidates();
  let source: RedisServer;
  let target: RedisServer;

  beforeAll(async () => {
    [source, target] = await Promise.all([RedisServer.start(), RedisServer.start()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('payloads of newer files carry the right type byte and a valid CRC64', () => {
    for (const { events } of newer) {
      for (const ev of events) {
        if (ev.kind !== 'key') continue;
        expect(ev.payload![0]).toBe(ev.rdbType);
        expect(verifyDumpPayload(ev.payload!)).toBe(true);
      }
    }
  });

  it('RESTORE of every key gives the digest of the server that loaded the file', async () => {
    const a = source.client();
    const b = target.client();
    let restored = 0;
    let files = 0;
    const unloadable: string[] = [];
    for (const { rel, data, events } of loadable) {
      writeFileSync(join(source.dir, 'dump.rdb'), data);
      try {
        await a.call('DEBUG', 'RELOAD', 'NOSAVE');
      } catch {
        unloadable.push(rel);
        continue;
      }
      files++;
      await b.flushall();
      for (const ev of events) {
        if (ev.kind !== 'key') continue;
        const k = ev as KeyEvent;
        await a.select(k.db);
        if ((await a.exists(k.key)) === 0) continue; // expired or empty keys are dropped on load
        await b.select(k.db);
        // DEBUG DIGEST-VALUE covers whether the key has a TTL, so restore it with its TTL.
        const ttl = k.expireAtMs === null ? '0' : String(k.expireAtMs);
        const abs = k.expireAtMs === null ? [] : ['ABSTTL'];
        await b.call('RESTORE', k.key, ttl, k.payload!, 'REPLACE', ...abs);
        const want = await a.call('DEBUG', 'DIGEST-VALUE', k.key);
        const got = await b.call('DEBUG', 'DIGEST-VALUE', k.key);
        expect(got, `${rel} db${k.db} ${JSON.stringify(k.key.toString('latin1'))}`).toEqual(want);
        restored++;
      }
      await a.select(0);
      await b.select(0);
    }
    console.log(
      `restored ${restored} keys from ${files} files; 7.0 refused: ${unloadable.join(', ') || 'none'}`,
    );
    expect(files).toBeGreaterThan(100);
    expect(restored).toBeGreaterThan(700);
  }, 600_000);
});
