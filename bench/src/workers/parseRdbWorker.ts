import { createReadStream } from 'node:fs';
import { RdbParser, type RdbEvent } from '@redis-shuttle/rdb-parser';

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
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  bytes += (chunk as Buffer).length;
  count(parser.push(chunk as Buffer));
}
count(parser.end());
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ keys, valueChunks, bytes, seconds })}\n`);
