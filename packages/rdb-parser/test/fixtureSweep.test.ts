import { describe, expect, it } from 'vitest';
import { verifyDumpPayload } from '../src/dumpPayloadUtils.js';
import { RdbParseError } from '../src/RdbParseError.js';
import type { RdbEvent } from '../src/types.js';
import { EXPECTED_FAILURES, listRdbFixtures, parseAll, readFixture } from './fixtureUtils.js';

const fixtures = listRdbFixtures();

function outcome(data: Buffer, mode: 'raw' | 'decoded' | 'both', chunk: number): RdbEvent[] | RdbParseError {
  try {
    return parseAll(data, { mode }, chunk);
  } catch (e) {
    if (e instanceof RdbParseError) return e;
    throw e;
  }
}

describe('fixture sweep', () => {
  it('finds the fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(200);
  });

  for (const rel of fixtures) {
    it(rel, () => {
      const data = readFixture(rel);
      const failure = EXPECTED_FAILURES[rel];
      for (const mode of ['raw', 'decoded', 'both'] as const) {
        const whole = outcome(data, mode, 0);
        const expectFail = failure !== undefined && (mode !== 'raw' || !failure.decodedOnly);
        if (expectFail) {
          expect(whole, `${mode} should fail`).toBeInstanceOf(RdbParseError);
          expect((whole as RdbParseError).code).toBe(failure.code);
          expect((whole as RdbParseError).offset).toBeGreaterThanOrEqual(0);
          continue;
        }
        if (whole instanceof RdbParseError) throw whole;
        expect(whole[0]!.kind).toBe('header');
        expect(whole.at(-1)!.kind).toBe('end');
        // Same events whatever the chunking (small files byte by byte).
        const chunked = outcome(data, mode, data.length < 20_000 ? 1 : 4093);
        if (chunked instanceof RdbParseError) throw chunked;
        expect(chunked.length).toBe(whole.length);
        for (let i = 0; i < whole.length; i++) {
          const a = whole[i]!;
          const b = chunked[i]!;
          expect(b.kind).toBe(a.kind);
          if (a.kind === 'key' && b.kind === 'key') {
            expect(b.key.equals(a.key)).toBe(true);
            if (a.payload) expect(b.payload!.equals(a.payload)).toBe(true);
          }
        }
        if (mode !== 'decoded') {
          for (const ev of whole) {
            if (ev.kind !== 'key') continue;
            expect(ev.payload![0]).toBe(ev.rdbType);
            expect(ev.payload!.length).toBe(ev.size + 11);
            expect(verifyDumpPayload(ev.payload!)).toBe(true);
          }
        }
      }
    });
  }
});
