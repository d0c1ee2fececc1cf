/**
 * Long-running mutation fuzzer for the RDB parser (the unit tests run a bounded 100 000 iterations).
 *
 *   npm run fuzz -- [--iterations 2000000] [--seed 1] [--max-size 65536]
 *
 * Every mutated fixture must parse or fail with an RdbParseError; anything else (another exception, an
 * oversized allocation, a hang noticed as no progress) stops the run and saves the input to fuzz-crash-*.rdb.
 */
import { writeFileSync } from 'node:fs';
import { listRdbFixtures, readFixture } from '../test/fixtureUtils.js';
import { mutate, parseHostile, prng } from '../test/hostileUtils.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const iterations = arg('iterations', 2_000_000);
const seed = arg('seed', Date.now() % 1_000_000);
const maxSize = arg('max-size', 65536);

const fixtures = listRdbFixtures()
  .map((rel) => [rel, readFixture(rel)] as const)
  .filter(([, d]) => d.length <= maxSize);
const rnd = prng(seed);
const codes = new Map<string, number>();
const started = Date.now();
console.log(`fuzzing ${fixtures.length} fixtures, ${iterations} iterations, seed ${seed}`);

for (let i = 0; i < iterations; i++) {
  const [rel, data] = fixtures[Math.floor(rnd() * fixtures.length)]!;
  const input = mutate(data, rnd);
  const mode = (['raw', 'decoded', 'both'] as const)[i % 3]!;
  const t0 = Date.now();
  try {
    const r = parseHostile(
      input,
      {
        mode,
        verifyChecksum: i % 2 === 0,
        chunkElements: 1 + (i % 50),
        // Every other raw-mode input also with a small maxPayloadBytes (keys switch to decoding midway).
        ...(i % 6 === 0 ? { maxPayloadBytes: i % 257 } : {}),
      },
      i % 4 === 0 ? 1 + (i % 13) : 0,
    );
    const code = r === 'ok' ? 'ok' : r.code;
    codes.set(code, (codes.get(code) ?? 0) + 1);
  } catch (e) {
    const file = `fuzz-crash-${seed}-${i}.rdb`;
    writeFileSync(file, input);
    console.error(`iteration ${i} (${rel}, ${mode}) failed: ${(e as Error).stack}\ninput saved to ${file}`);
    process.exit(1);
  }
  if (Date.now() - t0 > 5000) {
    const file = `fuzz-slow-${seed}-${i}.rdb`;
    writeFileSync(file, input);
    console.error(`iteration ${i} (${rel}) took ${Date.now() - t0} ms; input saved to ${file}`);
    process.exit(1);
  }
  if ((i + 1) % 100_000 === 0) {
    console.log(
      `${i + 1} iterations, ${Math.round((Date.now() - started) / 1000)} s`,
      Object.fromEntries(codes),
    );
  }
}
console.log('done', Object.fromEntries(codes));
