import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RdbParser } from '../src/RdbParser.js';
import { listRdbFixtures, readFixture } from './fixtureUtils.js';
import { mutate, parseHostile, prng } from './hostileUtils.js';

/** Distinct fixture contents (many sources ship identical files). */
function distinctFixtures(maxSize: number): [string, Buffer][] {
  const seen = new Set<string>();
  const out: [string, Buffer][] = [];
  for (const rel of listRdbFixtures()) {
    const data = readFixture(rel);
    if (data.length > maxSize) continue;
    const h = createHash('sha1').update(data).digest('hex');
    if (seen.has(h)) continue;
    seen.add(h);
    out.push([rel, data]);
  }
  return out;
}

/**
 * Cuts parsed with a fresh parser: every offset up to 4 KiB files; otherwise the first and last bytes and
 * an even spread (denser for files up to 64 KiB). Larger files are also pushed byte by byte into a single
 * parser, which goes through the same resumption at every offset that a cut there would hit.
 */
function cutPoints(len: number): number[] {
  if (len <= 4096) return Array.from({ length: len }, (_, i) => i);
  const edge = len <= 65536 ? 256 : 48;
  const spread = len <= 65536 ? 400 : 80;
  const cuts = new Set<number>();
  for (let i = 0; i < edge; i++) {
    cuts.add(i);
    cuts.add(len - 1 - i);
  }
  const step = Math.max(1, Math.floor(len / spread));
  for (let i = 0; i < len; i += step) cuts.add(i);
  return [...cuts].sort((a, b) => a - b);
}

/** Where a full parse stops (bytes after the checksum are ignored, so cuts there may succeed). */
function parsedLength(data: Buffer): number {
  const parser = new RdbParser({ verifyChecksum: false, mode: 'decoded' });
  try {
    parser.push(data);
    parser.end();
  } catch {
    return data.length + 1;
  }
  return parser.bytesConsumed;
}

describe('hostile input', () => {
  const fixtures = distinctFixtures(2 * 1024 * 1024);

  it('fails cleanly with RDB_TRUNCATED (or another RdbParseError) at every cut of every fixture', () => {
    let cuts = 0;
    for (const [rel, data] of fixtures) {
      const complete = parsedLength(data);
      for (const cut of cutPoints(data.length)) {
        const mode = cut % 2 === 0 ? 'raw' : 'decoded';
        const r = parseHostile(data.subarray(0, cut), { mode });
        if (r === 'ok' && cut < complete) throw new Error(`${rel} cut at ${cut} parsed as complete`);
        if (r !== 'ok' && cut < complete && r.code !== 'RDB_TRUNCATED') {
          // Only files that fail anyway may fail with another code.
          if (complete <= data.length) throw new Error(`${rel} cut at ${cut}: ${r.code} ${r.message}`);
        }
        cuts++;
      }
      if (data.length > 4096 && data.length <= 65536) {
        for (const mode of ['raw', 'decoded'] as const) parseHostile(data, { mode }, 1);
      }
    }
    expect(cuts).toBeGreaterThan(50_000);
  }, 120_000);

  it('survives 100 000 seeded random mutations', () => {
    const small = fixtures.filter(([, d]) => d.length <= 4096);
    const rnd = prng(20261124);
    const codes = new Map<string, number>();
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const [rel, data] = small[Math.floor(rnd() * small.length)]!;
      const mutated = mutate(data, rnd);
      const mode = (['raw', 'decoded', 'both'] as const)[i % 3]!;
      let r: ReturnType<typeof parseHostile>;
      try {
        r = parseHostile(mutated, { mode, verifyChecksum: i % 2 === 0 }, i % 5 === 0 ? 7 : 0);
      } catch (e) {
        throw new Error(
          `mutation ${i} of ${rel} (${mode}): ${(e as Error).stack}\ninput ${mutated.toString('hex')}`,
        );
      }
      const code = r === 'ok' ? 'ok' : r.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(codes.get('RDB_CORRUPT')).toBeGreaterThan(0);
    expect(codes.get('RDB_TRUNCATED')).toBeGreaterThan(0);
  }, 120_000);
});
