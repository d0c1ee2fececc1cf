import type { ConnectionStatus, Entry, Writer } from '@redis-shuttle/core';
import { expect } from 'vitest';

const STATES = ['connecting', 'connected', 'reconnecting', 'closed', 'failed'];

/**
 * Writes entries the way the pipeline does (awaiting only when `write` returns a promise), then
 * flushes. Fails when `write` returns anything but undefined or a promise.
 */
export async function writeAll(writer: Writer, entries: readonly Entry[]): Promise<void> {
  for (const [i, entry] of entries.entries()) {
    const pending: unknown = writer.write(entry);
    if (pending === undefined) continue;
    expect(isThenable(pending), `write() of entry ${i} (${entry.kind}) returned ${String(pending)}`).toBe(
      true,
    );
    await pending;
  }
  await writer.flush();
}

/** Checks that `connections()` returned ConnectionStatus objects. */
export function expectConnectionStatuses(statuses: unknown): asserts statuses is ConnectionStatus[] {
  expect(Array.isArray(statuses), 'connections() returns an array').toBe(true);
  for (const status of statuses as ConnectionStatus[]) {
    const where = `connection ${JSON.stringify(status?.id)}`;
    expect(typeof status.id, `${where}: id`).toBe('string');
    expect(['source', 'target'], `${where}: role`).toContain(status.role);
    expect(typeof status.endpoint, `${where}: endpoint`).toBe('string');
    expect(status.endpoint, `${where}: endpoint holds no credentials`).not.toMatch(/\/\/[^/]*:[^/*]+@/);
    expect(STATES, `${where}: state`).toContain(status.state);
    for (const field of ['idleMs', 'inFlight', 'reconnects', 'replayed', 'pingsSent'] as const) {
      expect(
        Number.isFinite(status[field]) && status[field] >= 0,
        `${where}: ${field} = ${status[field]}`,
      ).toBe(true);
    }
    expect(Array.isArray(status.keepalive), `${where}: keepalive`).toBe(true);
  }
}

/**
 * Calls `write` after the writer failed: it must throw or return a promise that rejects,
 * never accept the entry silently. Returns the error.
 */
export async function writeAfterFatal(writer: Writer, entry: Entry): Promise<unknown> {
  try {
    const pending = writer.write(entry);
    if (pending === undefined) return undefined;
    await pending;
    return undefined;
  } catch (error) {
    return error ?? new Error('rejected without a reason');
  }
}

/** Writes and flushes until the writer fails; returns the first error (undefined if none came). */
export async function writeUntilFatal(
  writer: Writer,
  entries: readonly Entry[],
  rounds = 20,
): Promise<unknown> {
  try {
    for (let round = 0; round < rounds; round++) await writeAll(writer, entries);
    return undefined;
  } catch (error) {
    return error ?? new Error('rejected without a reason');
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
