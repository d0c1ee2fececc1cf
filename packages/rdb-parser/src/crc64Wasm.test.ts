import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { CRC64_WASM_BASE64 } from './crc64Wasm.js';

describe('crc64Wasm.ts', () => {
  it('is crc64.wat compiled (after editing the .wat, run node scripts/build-crc64-wasm.mjs)', async () => {
    const wabt = await wabtInit();
    // The same steps as scripts/build-crc64-wasm.mjs.
    const module = wabt.parseWat('crc64.wat', readFileSync(new URL('./crc64.wat', import.meta.url), 'utf8'));
    let bytes: Uint8Array;
    try {
      module.validate();
      bytes = module.toBinary({}).buffer;
    } finally {
      module.destroy();
    }
    expect(Buffer.from(bytes).toString('base64')).toBe(CRC64_WASM_BASE64);
  });
});
