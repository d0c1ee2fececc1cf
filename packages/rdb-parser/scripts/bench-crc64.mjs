/**
 * CRC64 throughput, the JS path (the implementation before crc64.wat) against Crc64.update (wasm above the
 * thresholds in crc64Utils.ts). Not a test; run after a build:
 *
 *   npx tsc -p tsconfig.build.json && node scripts/bench-crc64.mjs     (from packages/rdb-parser)
 */
import { Crc64, crc64UpdateJs } from '../dist/crc64Utils.js';

const MiB = 1024 * 1024;

function fill(buf, seed) {
  let x = seed >>> 0;
  for (let i = 0; i < buf.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  return buf;
}

/** Best of `rounds` timings of fn(), in MB/s for `bytes` bytes per call. */
function measure(bytes, rounds, fn) {
  for (let r = 0; r < 2; r++) fn(); // warm-up (JIT tiers, wasm tier-up)
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return (bytes / best) * 1e3; // bytes per ns * 1000 = MB/s
}

function row(name, bytes, rounds, runJs, runNew) {
  const js = measure(bytes, rounds, runJs);
  const wasm = measure(bytes, rounds, runNew);
  const f = (v) => `${v.toFixed(0).padStart(6)} MB/s`;
  console.log(`${name.padEnd(44)} js ${f(js)}   new ${f(wasm)}   ${(wasm / js).toFixed(2)}x`);
}

const big = fill(Buffer.allocUnsafe(64 * MiB), 1);
{
  const a = new Crc64();
  const b = new Crc64();
  crc64UpdateJs(a, big, 0, big.length);
  b.update(big);
  if (a.lo !== b.lo || a.hi !== b.hi) throw new Error('the two paths disagree');
}
row(
  '64 MiB buffer, one update',
  big.length,
  5,
  () => crc64UpdateJs(new Crc64(), big, 0, big.length),
  () => new Crc64().update(big),
);

const CALLS = 1_000_000;
for (const size of [100, 1000]) {
  // Separate small buffers, as DUMP payloads are.
  const bufs = Array.from({ length: 1024 }, (_, i) => fill(Buffer.allocUnsafe(size), i + 2));
  row(
    `1M updates of separate ${size}-byte buffers`,
    CALLS * size,
    5,
    () => {
      const s = new Crc64();
      for (let i = 0; i < CALLS; i++) crc64UpdateJs(s, bufs[i & 1023], 0, size);
    },
    () => {
      const s = new Crc64();
      for (let i = 0; i < CALLS; i++) s.update(bufs[i & 1023]);
    },
  );
  // Ranges of a larger buffer, as ByteWindow feeds parts of 64 KiB stream chunks.
  const chunk = fill(Buffer.allocUnsafe(64 * 1024), 7);
  const slots = Math.floor(chunk.length / size);
  row(
    `1M updates of ${size}-byte ranges of 64 KiB`,
    CALLS * size,
    5,
    () => {
      const s = new Crc64();
      for (let i = 0; i < CALLS; i++) {
        const at = (i % slots) * size;
        crc64UpdateJs(s, chunk, at, at + size);
      }
    },
    () => {
      const s = new Crc64();
      for (let i = 0; i < CALLS; i++) {
        const at = (i % slots) * size;
        s.update(chunk, at, at + size);
      }
    },
  );
}
