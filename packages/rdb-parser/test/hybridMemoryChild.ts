/**
 * Run in a child process by hybridMemory.e2e.test.ts (bundled with esbuild): parses an RDB file in raw
 * mode with the given maxPayloadBytes, and prints what came out plus the process's peak RSS (VmHWM).
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { parseRdb } from '../src/parseRdb.js';

const [file, limitArg] = process.argv.slice(2);
const maxPayloadBytes = limitArg === 'none' ? undefined : Number(limitArg);
const payloadKeys: string[] = [];
const streamedKeys: string[] = [];
const elements: Record<string, number> = {};
const hashes: Record<string, string> = {};
let hash = createHash('sha1');
let current = '';
let maxChunkBytes = 0;
let maxPayload = 0;

for await (const ev of parseRdb(createReadStream(file!, { highWaterMark: 1024 * 1024 }), {
  maxPayloadBytes,
  chunkElements: 1024,
  chunkBytes: 1024 * 1024,
})) {
  if (ev.kind === 'key') {
    current = ev.key.toString();
    if (ev.payload) {
      payloadKeys.push(current);
      maxPayload = Math.max(maxPayload, ev.payload.length);
    } else {
      streamedKeys.push(current);
      hash = createHash('sha1');
      elements[current] = 0;
    }
  }
  const value = ev.kind === 'key' || ev.kind === 'value-chunk' ? ev.value : undefined;
  if (value?.type === 'string') {
    hash.update(value.value);
    maxChunkBytes = Math.max(maxChunkBytes, value.value.length);
  } else if (value?.type === 'list') {
    elements[current]! += value.elements.length;
    for (const e of value.elements) hash.update(e).update('\n');
  }
  const lastChunk = ev.kind === 'key' ? ev.complete : ev.kind === 'value-chunk' && ev.last;
  if (value && lastChunk) hashes[current] = hash.digest('hex');
}
const peakRssBytes = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
process.stdout.write(
  JSON.stringify({ payloadKeys, streamedKeys, elements, hashes, maxChunkBytes, maxPayload, peakRssBytes }),
);
