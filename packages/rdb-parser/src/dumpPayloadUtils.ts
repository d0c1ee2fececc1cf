import { Crc64 } from './crc64Utils.js';

/**
 * DUMP payloads, as Redis's DUMP makes them and RESTORE takes them:
 * `[rdbType][value body][RDB version, 2 bytes LE][CRC64 of everything before, 8 bytes LE]`.
 */

/**
 * The 10-byte DUMP footer for a payload prefix `[type][body]`: RDB version (2 bytes LE) then the CRC64
 * (8 bytes LE) of the prefix and the version bytes.
 */
export function dumpFooter(prefix: Uint8Array, rdbVersion: number): Buffer {
  const footer = Buffer.allocUnsafe(10);
  footer[0] = rdbVersion & 0xff;
  footer[1] = (rdbVersion >>> 8) & 0xff;
  const state = new Crc64();
  state.update(prefix);
  state.update(footer, 0, 2);
  state.writeLE(footer, 2);
  return footer;
}

/** A complete DUMP payload: `[rdbType][body][version LE16][crc64 LE64]`. */
export function buildDumpPayload(rdbType: number, body: Uint8Array, rdbVersion: number): Buffer {
  const out = Buffer.allocUnsafe(body.length + 11);
  out[0] = rdbType;
  out.set(body, 1);
  finishDumpPayload(out, rdbVersion);
  return out;
}

/** Fills the last 10 bytes of `out` (whose first length-10 bytes are type+body) with the DUMP footer. */
export function finishDumpPayload(out: Uint8Array, rdbVersion: number): void {
  const n = out.length - 10;
  out[n] = rdbVersion & 0xff;
  out[n + 1] = (rdbVersion >>> 8) & 0xff;
  const state = new Crc64();
  state.update(out, 0, n + 2);
  state.writeLE(out, n + 2);
}

/**
 * A copy of `payload` with another RDB version in its footer (and the CRC64 recomputed). RESTORE refuses
 * payloads whose version is newer than the server's own RDB version, even when the value's type is old.
 */
export function setDumpPayloadVersion(payload: Uint8Array, rdbVersion: number): Buffer {
  if (payload.length < 11) throw new RangeError('not a DUMP payload: shorter than 11 bytes');
  const out = Buffer.from(payload);
  finishDumpPayload(out, rdbVersion);
  return out;
}

/** The RDB version in a DUMP payload's footer. */
export function dumpPayloadVersion(payload: Uint8Array): number {
  if (payload.length < 11) throw new RangeError('not a DUMP payload: shorter than 11 bytes');
  const n = payload.length - 10;
  return payload[n]! | (payload[n + 1]! << 8);
}

/** True if a DUMP payload's trailing CRC64 matches its content (a zero CRC counts as valid, as in Redis). */
export function verifyDumpPayload(payload: Uint8Array): boolean {
  if (payload.length < 11) return false;
  const n = payload.length - 8;
  let zero = true;
  for (let i = n; i < payload.length; i++) if (payload[i] !== 0) zero = false;
  if (zero) return true;
  const state = new Crc64();
  state.update(payload, 0, n);
  return state.equalsLE(payload, n);
}
