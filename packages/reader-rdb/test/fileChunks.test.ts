import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  type FileChunksOptions,
  fileChunks,
  SLOW_READS_IN_A_ROW,
  SYNC_READ_LIMIT_MS,
} from '../src/fileChunks.js';

const dir = mkdtempSync(join(tmpdir(), 'file-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function collect(path: string, chunkBytes: number, options: FileChunksOptions = { syncReads: true }) {
  const handle = await open(path, 'r');
  const read = vi.spyOn(handle, 'read');
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of fileChunks(handle, chunkBytes, options)) chunks.push(chunk);
  } finally {
    await handle.close();
  }
  return { chunks, asyncReads: read.mock.calls.length };
}

/** A clock under which synchronous read number `i` (from 0) takes `readMs(i)` ms. */
function readClock(readMs: (i: number) => number): () => number {
  let calls = 0;
  let time = 0;
  return () => {
    if (calls % 2 === 1) time += readMs((calls - 1) / 2);
    calls++;
    return time;
  };
}

describe('fileChunks', () => {
  const content = randomBytes(10_000);
  const path = file('data', content);

  it('yields the file in chunks of the given size, the last one shorter, all read synchronously while quick', async () => {
    const { chunks, asyncReads } = await collect(path, 4096);
    expect(chunks.map((c) => c.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    expect(asyncReads).toBe(0);
  });

  it('goes asynchronous after SLOW_READS_IN_A_ROW reads slower than the limit, and reads on from where it was', async () => {
    const now = readClock(() => SYNC_READ_LIMIT_MS + 1);
    const { chunks, asyncReads } = await collect(path, 1000, { syncReads: true, now });
    expect(SLOW_READS_IN_A_ROW).toBe(3);
    expect(chunks.map((c) => c.length)).toEqual(Array(10).fill(1000));
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    expect(asyncReads).toBe(8); // every read after the third, and the one that finds the end
  });

  it('stays synchronous when slow reads come between quick ones (this process preempted, not slow storage)', async () => {
    const now = readClock((i) => (i % 3 === 2 ? 0 : SYNC_READ_LIMIT_MS + 1)); // slow, slow, quick, ...
    const { chunks, asyncReads } = await collect(path, 1000, { syncReads: true, now });
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    expect(asyncReads).toBe(0);
  });

  it('reads asynchronously from the start when told to (a named pipe, a device)', async () => {
    const { chunks, asyncReads } = await collect(path, 4096, { syncReads: false });
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    expect(asyncReads).toBe(4);
  });

  it('yields nothing for an empty file', async () => {
    const { chunks } = await collect(file('empty', Buffer.alloc(0)), 4096);
    expect(chunks).toEqual([]);
  });

  it('gives the event loop a turn between chunks', async () => {
    const handle = await open(path, 'r');
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const seen: boolean[] = [];
    for await (const _ of fileChunks(handle, 4096, { syncReads: true })) seen.push(turned);
    await handle.close();
    expect(seen).toEqual([true, true, true]);
  });
});
