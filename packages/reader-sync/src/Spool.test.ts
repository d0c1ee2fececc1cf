import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Spool } from './Spool.js';

const dir = mkdtempSync(join(tmpdir(), 'reader-sync-spool-'));
afterEach(() => {
  expect(readdirSync(dir)).toEqual([]); // spool files are unlinked at once
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(spool: Spool): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let chunk = await spool.read(); chunk !== null; chunk = await spool.read()) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('Spool', () => {
  it('keeps order across memory and file, and goes back to memory once caught up', async () => {
    const spool = new Spool({ dir, label: 'test', memoryLimitBytes: 10, maxFileBytes: 0, readChunkBytes: 4 });
    spool.append(Buffer.from('0123456789')); // memory
    spool.append(Buffer.from('abcdefgh')); // over the limit: file
    spool.append(Buffer.from('ijkl')); // file, while the file has data
    expect(spool.fileBytes).toBe(12);
    expect(String(await spool.read())).toBe('0123456789');
    let rest = '';
    while (rest.length < 12) rest += String(await spool.read());
    expect(rest).toBe('abcdefghijkl');
    spool.append(Buffer.from('mn'));
    expect(String(await spool.read())).toBe('mn');
    expect(spool.fileBytes).toBe(0);
    spool.end();
    expect(await spool.read()).toBeNull();
    spool.close();
  });

  it('lets a reader wait for bytes (tail-follow)', async () => {
    const spool = new Spool({ dir, label: 'test', memoryLimitBytes: 0, maxFileBytes: 0 });
    const all = readAll(spool);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      spool.append(Buffer.from(`part${i};`));
    }
    spool.end();
    expect(String(await all)).toBe('part0;part1;part2;part3;part4;');
    spool.close();
  });

  it('fails clearly when spoolMaxBytes is reached', async () => {
    const spool = new Spool({ dir, label: 'stream', memoryLimitBytes: 0, maxFileBytes: 8 });
    spool.append(Buffer.from('12345678'));
    expect(() => spool.append(Buffer.from('9'))).toThrow(/spoolMaxBytes/);
    await expect(spool.read()).rejects.toMatchObject({ code: 'E_CONNECTION_LOST' });
    spool.close();
  });

  it('returns null when the signal aborts', async () => {
    const spool = new Spool({ dir, label: 'test', memoryLimitBytes: 100, maxFileBytes: 0 });
    const abort = new AbortController();
    const pending = spool.read(abort.signal);
    abort.abort();
    expect(await pending).toBeNull();
    spool.close();
  });
});
