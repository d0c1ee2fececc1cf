import { createReadStream } from 'node:fs';
import { MAX_DECODED_PUSH_BYTES, RdbParser, type RdbEvent } from '@redis-shuttle/rdb-parser';

/**
 * `node parseRdbWorker.js <file.rdb> raw|decoded`: parses the file with the push API and prints
 * `{"keys":N,"valueChunks":N,"bytes":N,"seconds":S}`. A process of its own, so its RSS and CPU are the parser's.
 */
const [file, mode] = process.argv.slice(2);
if (!file || (mode !== 'raw' && mode !== 'decoded')) {
  process.stderr.write('usage: parseRdbWorker <file.rdb> raw|decoded\n');
  process.exit(2);
}

const started = performance.now();
const parser = new RdbParser({ mode });
let keys = 0;
let valueChunks = 0;
let bytes = 0;
const count = (events: RdbEvent[]) => {
  for (const event of events) {
    if (event.kind === 'key') keys++;
    else if (event.kind === 'value-chunk') valueChunks++;
  }
};
// 1 MiB reads; decoded mode pushes them MAX_DECODED_PUSH_BYTES at a time, as the parser's README says
// (parseRdb does the same).
const step = mode === 'decoded' ? MAX_DECODED_PUSH_BYTES : 1 << 20;
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  const data = chunk as Buffer;
  bytes += data.length;
  for (let at = 0; at < data.length; at += step) count(parser.push(data.subarray(at, at + step)));
}
count(parser.end());
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ keys, valueChunks, bytes, seconds })}\n`);
