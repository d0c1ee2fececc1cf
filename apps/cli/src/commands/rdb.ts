import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { type KeyEntry, SourceError } from '@redis-shuttle/core';
import { parseRdb, RdbParseError } from '@redis-shuttle/rdb-parser';
import { type Arg, encodeCommand, ValueCommandBuilder } from '@redis-shuttle/redis-connection';
import { bytesJson, ValueCollector } from '../rdb/jsonValue.js';
import { RdbSummary } from '../rdb/RdbSummary.js';

export type RdbFormat = 'json' | 'jsonl' | 'resp' | 'keys' | 'summary';

/**
 * `redis-shuttle rdb <file|->`: an RDB file's content, streamed: JSON lines (one key per line,
 * binary-safe), a JSON array, the RESP commands that rebuild it, the key names, or a summary.
 */
export async function runRdb(file: string, options: { format: RdbFormat }): Promise<number> {
  const format = options.format;
  const out = new Output();
  const summary = new RdbSummary();
  const losses = { fieldTtlsDropped: 0, pendingDropped: 0, moduleKeysSkipped: new Map<string, number>() };
  const commands = new ValueCommandBuilder(
    { maxElements: 512, maxBytes: 16 << 20 },
    { hashFieldTtl: true, streamMeta: true },
    losses,
  );
  let db = 0;
  let selected = -1;
  let first = true;
  let current:
    | {
        event: { key: Buffer; type: string; encoding: string; expireAtMs: number | null; db: number };
        collector: ValueCollector;
      }
    | undefined;
  const resp = async (args: Arg[]) => {
    const chunks: Buffer[] = [];
    encodeCommand(args, chunks);
    for (const c of chunks) await out.write(c);
  };
  const finish = async (size: number) => {
    if (!current) return;
    const { event, collector } = current;
    current = undefined;
    if (format === 'summary') {
      const name = JSON.stringify(bytesJson(event.key));
      summary.add(
        event.db,
        name,
        event.type,
        event.encoding,
        size,
        collector.count,
        event.expireAtMs !== null,
      );
      return;
    }
    const record = {
      db: event.db,
      key: bytesJson(event.key),
      type: event.type,
      encoding: event.encoding,
      expireAtMs: event.expireAtMs,
      value: collector.value(),
    };
    if (format === 'jsonl') await out.write(`${JSON.stringify(record)}\n`);
    else {
      await out.write(`${first ? '[\n' : ',\n'}${JSON.stringify(record)}`);
      first = false;
    }
  };
  const input = await openInput(file);
  try {
    for await (const event of parseRdb(input, { mode: format === 'keys' ? 'raw' : 'decoded' })) {
      switch (event.kind) {
        case 'header':
          summary.header = `${event.magic} RDB version ${event.version}`;
          break;
        case 'aux':
          if (event.key === 'redis-ver' || event.key === 'valkey-ver')
            summary.header += `, written by ${event.key.split('-')[0]} ${event.value}`;
          break;
        case 'select-db':
          db = event.db;
          break;
        case 'function':
          if (format === 'resp') await resp(['FUNCTION', 'LOAD', 'REPLACE', event.code]);
          break;
        case 'key': {
          if (event.empty) break; // redis-server skips keys without elements on load
          if (format === 'keys') {
            const name = bytesJson(event.key);
            await out.write(`${typeof name === 'string' ? name : JSON.stringify(name)}\n`);
            break;
          }
          if (format === 'resp') {
            if (db !== selected) {
              selected = db;
              await resp(['SELECT', db]);
            }
            for (const args of commands.begin({ key: event.key } as KeyEntry, event.value!)) await resp(args);
            if (event.complete)
              for (const args of commands.end(event.key, event.expireAtMs)) await resp(args);
            else current = { event: { ...event, db }, collector: new ValueCollector() };
            break;
          }
          current = { event: { ...event, db }, collector: new ValueCollector() };
          current.collector.add(event.value!);
          if (event.complete) await finish(event.size);
          break;
        }
        case 'value-chunk':
          if (!current) break;
          if (format === 'resp') {
            for (const args of commands.chunk(current.event.key, event.value)) await resp(args);
            if (event.last) {
              for (const args of commands.end(current.event.key, current.event.expireAtMs)) await resp(args);
              current = undefined;
            }
            break;
          }
          current.collector.add(event.value);
          if (event.last) await finish(event.size ?? 0);
          break;
      }
    }
  } catch (error) {
    if (error instanceof RdbParseError) {
      throw new SourceError(
        'E_SOURCE_FORMAT',
        `${file === '-' ? 'standard input' : file}: ${error.message}`,
        { hint: error.hint, cause: error },
      );
    }
    throw error;
  }
  if (format === 'json') await out.write(first ? '[]\n' : '\n]\n');
  if (format === 'summary') await out.write(summary.format());
  return 0;
}

async function openInput(file: string): Promise<Readable> {
  if (file === '-') return process.stdin;
  try {
    if ((await stat(file)).isDirectory())
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceError(
      'E_SOURCE_NOT_FOUND',
      `cannot read the RDB file "${file}": ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code}`,
      {
        hint: 'check the path (use "-" to read the RDB from standard input)',
      },
    );
  }
  return createReadStream(file, { highWaterMark: 1 << 20 });
}

/** Standard output with backpressure: waits for 'drain' when the pipe is full. */
class Output {
  async write(data: string | Buffer): Promise<void> {
    if (!process.stdout.write(data)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}
