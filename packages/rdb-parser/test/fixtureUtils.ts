import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { RdbParser } from '../src/RdbParser.js';
import type { RdbErrorCode } from '../src/RdbParseError.js';
import type { DecodedChunk, KeyEvent, RdbEvent, RdbParserOptions } from '../src/types.js';

export const FIXTURES =
  process.env.RDB_PARSER_FIXTURES ?? path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

/**
 * Fixtures that must fail, with the error code and why (also listed in the README).
 * `decodedOnly`: raw mode does not look inside encoded blobs, so the file walks fine in raw mode.
 */
export const EXPECTED_FAILURES: Record<string, { code: RdbErrorCode; why: string; decodedOnly?: boolean }> = {
  'codeaholics__node-rdb-tools/error_reporting.rdb': {
    code: 'RDB_CORRUPT',
    why: 'deliberately corrupt: unknown string encoding 63',
  },
  'leonchen83__redis-replicator/module.rdb': {
    code: 'RDB_UNSUPPORTED_FEATURE',
    why: 'Redis 4.0 RC module value (type 6) cannot be walked without the module',
  },
  'redis__librdb/future_v19.rdb': { code: 'RDB_UNSUPPORTED_VERSION', why: 'header patched to version 99' },
  'redis__librdb/invalid_chksum_v8.rdb': { code: 'RDB_CHECKSUM_MISMATCH', why: 'deliberately wrong CRC64' },
  'redis__librdb/redis_ent_opcode_ram_lru.rdb': {
    code: 'RDB_UNKNOWN_TYPE',
    why: 'Redis Enterprise file with the non-OSS RAM_LRU opcode (107)',
  },
  'valkey-io__valkey/corrupt_ziplist.rdb': {
    code: 'RDB_CORRUPT',
    why: 'deliberately corrupt ziplist (checksum disabled)',
    decodedOnly: true,
  },
};

/** Every RDB fixture, as a path relative to FIXTURES. */
export function listRdbFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (/\.rdb(\.gz)?$/.test(name)) out.push(path.relative(FIXTURES, p));
    }
  };
  walk(FIXTURES);
  return out;
}

export function readFixture(rel: string): Buffer {
  const data = fs.readFileSync(path.join(FIXTURES, rel));
  return rel.endsWith('.gz') ? zlib.gunzipSync(data) : data;
}

/** Parses a whole buffer, pushing it in chunks of `chunk` bytes (0 = at once). */
export function parseAll(data: Uint8Array, options: RdbParserOptions = {}, chunk = 0): RdbEvent[] {
  const parser = new RdbParser(options);
  const events: RdbEvent[] = [];
  if (chunk <= 0) events.push(...parser.push(data));
  else for (let i = 0; i < data.length; i += chunk) events.push(...parser.push(data.subarray(i, i + chunk)));
  events.push(...parser.end());
  return events;
}

export interface FullKey {
  key: KeyEvent;
  chunks: DecodedChunk[];
}

/** Groups key events with their value chunks. */
export function collectKeys(events: RdbEvent[]): FullKey[] {
  const out: FullKey[] = [];
  for (const ev of events) {
    if (ev.kind === 'key') out.push({ key: ev, chunks: ev.value ? [ev.value] : [] });
    else if (ev.kind === 'value-chunk') out.at(-1)!.chunks.push(ev.value);
  }
  return out;
}
