import { RdbParser } from './RdbParser.js';
import type { RdbEvent, RdbParserOptions } from './types.js';

/** Parses an RDB byte stream (a file stream, a socket, any async iterable of chunks) into events. */
export async function* parseRdb(
  source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  options?: RdbParserOptions,
): AsyncGenerator<RdbEvent> {
  const parser = new RdbParser(options);
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    // The parser returns a batch per chunk: yield them one by one (no per-event async work inside push).
    for (const ev of parser.push(bytes)) yield ev;
    // With maxPayloadBytes, a key decoded from its buffered bytes comes in batches: hand each one over first.
    for (let more = parser.pull(); more.length > 0; more = parser.pull()) for (const ev of more) yield ev;
  }
  for (const ev of parser.end()) yield ev;
}
