/**
 * Compiles src/crc64.wat with wabt and writes src/crc64Wasm.ts (the module bytes as base64).
 *
 *   node scripts/build-crc64-wasm.mjs          (from packages/rdb-parser; or npm run build:wasm)
 *
 * src/crc64Wasm.test.ts compiles the .wat the same way and fails when the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import wabtInit from 'wabt';

const watUrl = new URL('../src/crc64.wat', import.meta.url);
const outUrl = new URL('../src/crc64Wasm.ts', import.meta.url);

const wabt = await wabtInit();
const module = wabt.parseWat('crc64.wat', readFileSync(watUrl, 'utf8'));
let bytes;
try {
  module.validate();
  bytes = module.toBinary({}).buffer;
} finally {
  module.destroy();
}
const base64 = Buffer.from(bytes).toString('base64');

writeFileSync(
  outUrl,
  `// GENERATED from crc64.wat by scripts/build-crc64-wasm.mjs: do not edit. To regenerate after changing
// crc64.wat: cd packages/rdb-parser && node scripts/build-crc64-wasm.mjs

/** The compiled crc64.wat (${bytes.length} bytes), base64. */
export const CRC64_WASM_BASE64 =
  '${base64}';
`,
);
console.log(`wrote src/crc64Wasm.ts (${bytes.length} bytes of wasm)`);
