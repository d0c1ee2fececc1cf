import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entry, Logger } from '@redis-shuttle/core';
import { crc64 } from '@redis-shuttle/rdb-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { RdbFileReader } from '../src/RdbFileReader.js';
import { rdbReaderConfigSchema } from '../src/RdbReaderConfig.js';

const len = (n: number): Buffer => (n < 64 ? Buffer.from([n]) : Buffer.from([0x40 | (n >> 8), n & 0xff]));
const str = (s: string): Buffer => Buffer.concat([len(Buffer.byteLength(s)), Buffer.from(s)]);

/** db 3: two empty keys (a set and a hash with no element), a string, a 3000-element list (type 1). */
function rdb(): Buffer {
  const list = [Buffer.from([1]), str('big'), len(3000)];
  for (let i = 0; i < 3000; i++) list.push(str(`element:${i}`));
  const body = Buffer.concat([
    Buffer.from('REDIS0010'),
    Buffer.from([0xfe, 3]),
    Buffer.from([2]),
    str('empty-set'),
    len(0),
    Buffer.from([0]),
    str('k'),
    str('v'),
    Buffer.from([4]),
    str('empty-hash'),
    len(0),
    ...list,
    Buffer.from([0xff]),
  ]);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(0, body));
  return Buffer.concat([body, crc]);
}

function captureLogger(warnings: string[]): Logger {
  return { debug() {}, info() {}, error() {}, warn: (_obj, msg) => warnings.push(msg ?? '') };
}

describe('RdbFileReader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reader-rdb-'));
  const path = join(dir, 'dump.rdb');
  writeFileSync(path, rdb());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function read(
    maxPayloadBytes?: number,
  ): Promise<{ entries: Entry[]; warnings: string[]; reader: RdbFileReader }> {
    const warnings: string[] = [];
    const config = rdbReaderConfigSchema.parse({ path, readChunkBytes: 4096, maxPayloadBytes });
    const reader = new RdbFileReader(config, captureLogger(warnings));
    const entries: Entry[] = [];
    for await (const entry of reader.entries(new AbortController().signal)) entries.push(entry);
    return { entries, warnings, reader };
  }

  it('skips keys whose value holds no element, counts and names them', async () => {
    const { entries, warnings, reader } = await read();
    const keys = entries.flatMap((e) => (e.kind === 'key' ? [e.key.toString()] : []));
    expect(keys).toEqual(['k', 'big']);
    expect(reader.progress()).toMatchObject({ keys: 2, skipped: 2, phase: 'done' });
    expect(warnings).toEqual(['2 empty keys skipped, as redis-server does on load (empty-set, empty-hash)']);
  });

  it('gives keys as DUMP payloads, and a key bigger than maxPayloadBytes decoded, in chunks', async () => {
    const whole = (await read()).entries;
    expect(whole.every((e) => e.kind === 'key' && e.dump !== undefined && e.complete)).toBe(true);

    const { entries, reader } = await read(1024);
    const [k, big, ...chunks] = entries;
    expect(k).toMatchObject({ kind: 'key', db: 3, complete: true });
    expect(k!.kind === 'key' && k!.dump?.payload).toBeTruthy();
    expect(big).toMatchObject({ kind: 'key', db: 3, type: 'list', complete: false });
    expect(big!.kind === 'key' && big!.dump).toBeUndefined();
    expect(chunks.length).toBeGreaterThan(1);
    const elements: string[] = [];
    for (const e of [big!, ...chunks]) {
      if (e.kind === 'value-chunk') expect(e).toMatchObject({ db: 3, key: Buffer.from('big') });
      const value = e.kind === 'key' || e.kind === 'value-chunk' ? e.value : undefined;
      if (value?.type === 'list') elements.push(...value.elements.map(String));
    }
    expect(chunks.at(-1)).toMatchObject({ kind: 'value-chunk', last: true });
    expect(chunks.slice(0, -1).every((e) => e.kind === 'value-chunk' && !e.last)).toBe(true);
    expect(elements).toEqual(Array.from({ length: 3000 }, (_, i) => `element:${i}`));
    expect(reader.progress()).toMatchObject({ keys: 2, entries: 2 + chunks.length, skipped: 2 });
  });
});
