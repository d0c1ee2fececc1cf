import { RdbParser } from './RdbParser.js';
import type { RdbEvent, RdbParserOptions } from './types.js';

/**
 * The most bytes to give one push() in decoded or both mode. A push returns the events of all its bytes
 * at once, and they are alive together: decoded mode makes about 100 bytes of objects per element, so
 * 1 MiB of small elements is some 10 MB of events, much of it kept past young-generation GCs. 256 KiB
 * pushes keep that small and run faster. (Raw mode makes one event per key; it keeps bigger pushes.)
 */
export const MAX_DECODED_PUSH_BYTES = 256 * 1024;

/** Parses an RDB byte stream (a file stream, a socket, any async iterable of chunks) into events. */
export async function* parseRdb(
  source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  options?: RdbParserOptions,
): AsyncGenerator<RdbEvent> {
  const parser = new RdbParser(options);
  const step = (options?.mode ?? 'raw') === 'raw' ? Number.POSITIVE_INFINITY : MAX_DECODED_PUSH_BYTES;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    for (let at = 0; at < bytes.length; at += step) {
      const piece = bytes.length <= step ? bytes : bytes.subarray(at, at + step);
      // The parser returns a batch per push: yield them one by one (no per-event async work inside push).
      for (const ev of parser.push(piece)) yield ev;
      // With maxPayloadBytes, a key decoded from its buffered bytes comes in batches: hand each one over first.
      for (let more = parser.pull(); more.length > 0; more = parser.pull()) for (const ev of more) yield ev;
    }
  }
  for (const ev of parser.end()) yield ev;
}
