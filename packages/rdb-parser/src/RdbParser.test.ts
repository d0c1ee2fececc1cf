import { describe, expect, it } from 'vitest';
import { collectKeys, parseAll } from '../test/fixtureUtils.js';
import { crc64 } from './crc64Utils.js';
import { parseRdb } from './parseRdb.js';
import { RdbParseError } from './RdbParseError.js';
import { RdbParser } from './RdbParser.js';
import type { KeyEvent, RdbEvent } from './types.js';

/** Builds a small RDB file by hand. */
function rdb(
  version: number,
  body: number[],
  checksum: 'good' | 'zero' | 'none' = 'good',
  magic = 'REDIS',
): Buffer {
  const head = Buffer.from(`${magic}${String(version).padStart(magic === 'REDIS' ? 4 : 3, '0')}`, 'latin1');
  const content = Buffer.concat([head, Buffer.from(body), Buffer.from([0xff])]);
  if (checksum === 'none') return content;
  const crc = Buffer.alloc(8);
  if (checksum === 'good') crc.writeBigUInt64LE(crc64(0, content));
  return Buffer.concat([content, crc]);
}

const str = (s: string): number[] => [s.length, ...Buffer.from(s, 'latin1')];

function catchError(f: () => unknown): RdbParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof RdbParseError) return e;
    throw e;
  }
  throw new Error('expected an RdbParseError');
}

describe('RdbParser', () => {
  it('emits header, select-db, keys with expiry and the end with checksum status', () => {
    const expire = Buffer.alloc(8);
    expire.writeBigInt64LE(1700000000123n);
    const file = rdb(10, [
      0xfe,
      0,
      0xfb,
      2,
      1,
      0xfc,
      ...expire,
      0,
      ...str('k1'),
      ...str('v1'),
      0,
      ...str('k2'),
      0xc0,
      42,
    ]);
    const events = parseAll(file, { mode: 'both' });
    expect(events[0]).toEqual({ kind: 'header', magic: 'REDIS', version: 10 });
    expect(events[1]).toEqual({ kind: 'select-db', db: 0 });
    expect(events[2]).toEqual({ kind: 'resize-db', keys: 2, expires: 1 });
    const keys = events.filter((e): e is KeyEvent => e.kind === 'key');
    expect(keys.map((k) => [k.key.toString(), k.expireAtMs, k.offset, k.size])).toEqual([
      ['k1', 1700000000123, 23, 3],
      ['k2', null, 30, 2],
    ]);
    expect(keys[1]!.value).toEqual({ type: 'string', value: Buffer.from('42') });
    expect(keys[0]!.payload!.subarray(0, 6)).toEqual(Buffer.from([0, 2, 0x76, 0x31, 10, 0]));
    expect(events.at(-1)).toEqual({ kind: 'end', checksum: 'verified' });
  });

  it('reports disabled, absent and skipped checksums', () => {
    expect(parseAll(rdb(9, [], 'zero')).at(-1)).toEqual({ kind: 'end', checksum: 'disabled' });
    expect(parseAll(rdb(4, [], 'none')).at(-1)).toEqual({ kind: 'end', checksum: 'absent' });
    const bad = rdb(9, []);
    bad[bad.length - 1] ^= 1;
    expect(catchError(() => parseAll(bad)).code).toBe('RDB_CHECKSUM_MISMATCH');
    expect(parseAll(bad, { verifyChecksum: false }).at(-1)).toEqual({ kind: 'end', checksum: 'skipped' });
  });

  it('ignores bytes after the checksum', () => {
    const file = Buffer.concat([rdb(9, [0, ...str('a'), ...str('b')]), Buffer.from('trailing junk')]);
    expect(parseAll(file).filter((e) => e.kind === 'key')).toHaveLength(1);
  });

  it('names what is wrong, and where, in one line', () => {
    const magic = catchError(() => parseAll(Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08', 'latin1')));
    expect(magic.code).toBe('RDB_BAD_MAGIC');
    expect(magic.offset).toBe(0);
    expect(magic.message).toBe(
      'not an RDB file: expected "REDIS" or "VALKEY" at byte 0, found "PK\\x03\\x04\\x14\\x00\\x00\\x00\\x08"',
    );
    expect(magic.hint).toMatch(/RDB file/);
    // A wrong magic is reported from the first bytes, without waiting for nine.
    expect(() => new RdbParser().push(Buffer.from('*2\r\n'))).toThrow(/not an RDB file/);

    const version = catchError(() => parseAll(rdb(14, [])));
    expect(version.code).toBe('RDB_UNSUPPORTED_VERSION');
    expect(version.message).toMatch(/version 14/);

    const opcode = catchError(() => parseAll(rdb(10, [0xfa, ...str('redis-ver'), ...str('8.8.8'), 0xf0])));
    expect(opcode.code).toBe('RDB_UNKNOWN_OPCODE');
    expect(opcode.message).toMatch(
      /opcode 240 \(0xf0\) at byte 26 in REDIS RDB version 10 written by server 8\.8\.8/,
    );

    const type = catchError(() => parseAll(rdb(12, [27, ...str('k')])));
    expect(type.code).toBe('RDB_UNKNOWN_TYPE');
    expect(type.offset).toBe(9);

    // Redis's KEY_META opcode (243) is not Valkey's SLOT_IMPORT: refused for REDIS files.
    expect(catchError(() => parseAll(rdb(13, [0xf3, 0]))).code).toBe('RDB_UNKNOWN_OPCODE');

    const corrupt = catchError(() => parseAll(rdb(10, [0, ...str('key'), 0xc5])));
    expect(corrupt.code).toBe('RDB_CORRUPT');
    expect(corrupt.key).toEqual(Buffer.from('key'));
    expect(corrupt.message).toMatch(/key "key"/);
  });

  it('returns the events before an error, then throws it', () => {
    const file = rdb(10, [0, ...str('good'), ...str('1'), 0, ...str('bad'), 0xc7]);
    const parser = new RdbParser();
    const events = parser.push(file);
    expect(events.map((e) => e.kind)).toEqual(['header', 'key']);
    expect(() => parser.push(Buffer.alloc(0))).toThrow(/unknown string encoding 7/);
    expect(() => parser.end()).toThrow(/unknown string encoding 7/);
  });

  it('throws RDB_TRUNCATED from end() when the file stops early, and keeps failing', () => {
    const file = rdb(10, [0, ...str('key'), ...str('value')]);
    const parser = new RdbParser();
    parser.push(file.subarray(0, 16));
    const e = catchError(() => parser.end());
    expect(e.code).toBe('RDB_TRUNCATED');
    expect(e.offset).toBe(16);
    expect(e.key).toEqual(Buffer.from('key'));
    expect(() => parser.push(file.subarray(16))).toThrow(RdbParseError);
  });

  it('streams long strings in chunkBytes pieces and big collections in chunkElements chunks', () => {
    const big = 'x'.repeat(2500);
    const len = [0x40 | (big.length >> 8), big.length & 0xff];
    const members: number[] = [];
    for (let i = 0; i < 10; i++) members.push(...str(`m${i}`));
    const file = rdb(10, [0, ...str('s'), ...len, ...Buffer.from(big), 2, ...str('set'), 10, ...members]);
    const events = parseAll(file, { mode: 'decoded', chunkBytes: 1000, chunkElements: 4 }, 100);
    const keys = collectKeys(events);
    expect(keys[0]!.chunks.map((c) => (c.type === 'string' ? c.value.length : -1))).toEqual([
      1000, 1000, 500,
    ]);
    expect(keys[0]!.key.complete).toBe(false);
    expect(keys[0]!.key.size).toBe(-1);
    const lastString = events.find((e) => e.kind === 'value-chunk' && e.last);
    expect(lastString).toMatchObject({ last: true, size: 2 + big.length });
    expect(keys[1]!.chunks.map((c) => (c.type === 'set' ? c.members.length : -1))).toEqual([4, 4, 2]);
  });

  it('keeps only the current value buffered: bytesConsumed advances per key', () => {
    const file = rdb(10, [0, ...str('a'), ...str('1'), 0, ...str('b'), ...str('2')]);
    const parser = new RdbParser();
    const seen: number[] = [];
    for (let i = 0; i < file.length; i++) {
      parser.push(file.subarray(i, i + 1));
      seen.push(parser.bytesConsumed);
    }
    expect(seen[8]).toBe(9); // header
    expect(seen[13]).toBe(14); // first key
    expect(seen.at(-1)).toBe(file.length);
  });

  it('decodes a module id into the module name', () => {
    // moduleTypeEncodeId("hellotype", 0): 9 chars of 6 bits then 10 bits of encver.
    const charset = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let id = 0n;
    for (const c of 'hellotype') id = (id << 6n) | BigInt(charset.indexOf(c));
    id = (id << 10n) | 3n;
    const idBytes = Buffer.alloc(8);
    idBytes.writeBigUInt64BE(id);
    const moduleValue = [0x81, ...idBytes, 2, 5, 5, ...str('x'), 0];
    const file = rdb(10, [7, ...str('m'), ...moduleValue, 0xf7, 0x81, ...idBytes, 2, 2, 0]);
    const events = parseAll(file, { mode: 'both' });
    const key = events.find((e) => e.kind === 'key') as KeyEvent;
    expect(key.value).toMatchObject({ type: 'module', moduleName: 'hellotype', moduleId: id });
    expect(events.find((e) => e.kind === 'module-aux')).toMatchObject({ moduleName: 'hellotype', when: 2 });
  });

  it('parseRdb wraps the parser for async iterables', async () => {
    const file = rdb(10, [0, ...str('a'), ...str('1')]);
    async function* source() {
      for (let i = 0; i < file.length; i += 3) yield file.subarray(i, i + 3);
    }
    const events: RdbEvent[] = [];
    for await (const ev of parseRdb(source())) events.push(ev);
    expect(events.map((e) => e.kind)).toEqual(['header', 'key', 'end']);
    await expect(async () => {
      for await (const _ of parseRdb(
        (async function* () {
          yield file.subarray(0, 12);
        })(),
      )) {
        // drain
      }
    }).rejects.toThrow(/truncated/);
  });
});
