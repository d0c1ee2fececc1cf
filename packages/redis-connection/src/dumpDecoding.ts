import type { ValueChunk } from '@redis-shuttle/core';
import { RdbParser } from '@redis-shuttle/rdb-parser';

/** Bytes fed to the parser at a time: bounds the decoded elements held at once. */
const SLICE = 256 * 1024;

/**
 * Decodes a DUMP payload (`[type][body][rdb version u16][crc64]`) into value chunks, by reading
 * it as a one-key RDB file: `REDIS<version>`, the type, an empty key name, the body, EOF, and a
 * zero (disabled) checksum. The payload is fed in slices, so chunks come out as they decode.
 */
export function* decodeDumpPayload(payload: Buffer, chunkElements: number): Generator<ValueChunk> {
  const version = payload[payload.length - 10]! | (payload[payload.length - 9]! << 8);
  const parser = new RdbParser({ mode: 'decoded', chunkElements, verifyChecksum: false });
  const header = Buffer.from(`REDIS${String(version).padStart(4, '0')}`, 'latin1');
  const parts = [
    header,
    payload.subarray(0, 1),
    Buffer.from([0]), // key name: the empty string
    payload.subarray(1, payload.length - 10),
    Buffer.from(version >= 5 ? [0xff, 0, 0, 0, 0, 0, 0, 0, 0] : [0xff]),
  ];
  for (const part of parts) {
    for (let at = 0; at < part.length; at += SLICE) {
      for (const event of parser.push(part.subarray(at, at + SLICE))) {
        if (event.kind === 'key' && event.value) yield event.value as ValueChunk;
        else if (event.kind === 'value-chunk') yield event.value as ValueChunk;
      }
    }
  }
  for (const event of parser.end()) {
    if (event.kind === 'value-chunk') yield event.value as ValueChunk;
  }
}
