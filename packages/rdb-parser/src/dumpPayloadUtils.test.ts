import { describe, expect, it } from 'vitest';
import { crc64 } from './crc64Utils.js';
import {
  buildDumpPayload,
  dumpFooter,
  dumpPayloadVersion,
  setDumpPayloadVersion,
  verifyDumpPayload,
} from './dumpPayloadUtils.js';

describe('DUMP payload helpers', () => {
  it('builds [type][body][version LE][crc64 LE] and verifies it', () => {
    const body = Buffer.from([3, 0x62, 0x61, 0x72]); // RDB string "bar"
    const payload = buildDumpPayload(0, body, 10);
    expect(payload.length).toBe(1 + body.length + 10);
    expect(payload[0]).toBe(0);
    expect(payload.subarray(1, 5).equals(body)).toBe(true);
    expect(payload.readUInt16LE(5)).toBe(10);
    expect(payload.readBigUInt64LE(7)).toBe(crc64(0, payload.subarray(0, 7)));
    expect(dumpFooter(payload.subarray(0, 5), 10).equals(payload.subarray(5))).toBe(true);
    expect(verifyDumpPayload(payload)).toBe(true);
    expect(dumpPayloadVersion(payload)).toBe(10);
    const v9 = setDumpPayloadVersion(payload, 9);
    expect(dumpPayloadVersion(v9)).toBe(9);
    expect(verifyDumpPayload(v9)).toBe(true);
    payload[2] ^= 1;
    expect(verifyDumpPayload(payload)).toBe(false);
  });
});
