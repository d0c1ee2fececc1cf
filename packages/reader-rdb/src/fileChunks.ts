import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';

/** A read slower than this did not come from the page cache, or this process was preempted during it. */
export const SYNC_READ_LIMIT_MS = 5;

/** Slow reads in a row that mean slow storage rather than a preemption: from then on, reads are asynchronous. */
export const SLOW_READS_IN_A_ROW = 3;

export interface FileChunksOptions {
  /**
   * Read synchronously while reads are quick: only for a regular file. A read from a named pipe or a
   * device waits for its writer, and must never block the event loop.
   */
  syncReads: boolean;
  /** The clock that times each synchronous read (tests give their own). */
  now?: () => number;
}

/**
 * The chunks of an open file, in order, `chunkBytes` each (the last one shorter).
 *
 * A regular file is read synchronously while reads are quick (the page cache, a fast disk). An
 * asynchronous read is done by a thread of libuv's pool, and when the target server and this process
 * share few cores, that thread often wakes late: measured by `npm run bench`, the target then ran dry
 * for 30-60 ms on each big key of the bench dataset. Reads slower than SYNC_READ_LIMIT_MS,
 * SLOW_READS_IN_A_ROW times in a row, mean slow storage: from then on reads are asynchronous, so the
 * event loop (keepalive, status, signals) waits on the disk for a few reads at most. A single slow read
 * between quick ones is this process being preempted while both cores are busy (seen in 2 of 4 runs of
 * the bench migration), and changes nothing. Either way, the event loop gets a turn between chunks.
 */
export async function* fileChunks(
  handle: FileHandle,
  chunkBytes: number,
  { syncReads, now = performance.now.bind(performance) }: FileChunksOptions,
): AsyncGenerator<Buffer> {
  let sync = syncReads;
  let slowInARow = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let bytesRead: number;
    if (sync) {
      const started = now();
      bytesRead = readSync(handle.fd, buffer, 0, chunkBytes, null);
      slowInARow = now() - started > SYNC_READ_LIMIT_MS ? slowInARow + 1 : 0;
      if (slowInARow === SLOW_READS_IN_A_ROW) sync = false;
      await eventLoopTurn();
    } else {
      ({ bytesRead } = await handle.read(buffer, 0, chunkBytes, null));
    }
    if (bytesRead === 0) return;
    yield bytesRead < chunkBytes ? buffer.subarray(0, bytesRead) : buffer;
  }
}
