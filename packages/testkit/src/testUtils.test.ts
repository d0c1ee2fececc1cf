import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, waitFor } from './testUtils.js';

describe('waitFor', () => {
  it('returns the first truthy value, treating throws as "not yet"', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls++;
        if (calls < 2) throw new Error('not yet');
        return calls >= 3 ? 'done' : undefined;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('times out with the message and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('still down');
        },
        { timeoutMs: 30, intervalMs: 5, message: 'the server' },
      ),
    ).rejects.toThrow(/Timed out after 30 ms waiting for the server \(last error: still down\)/);
  });
});

describe('tmpDir', () => {
  it('creates a fresh directory under the OS temp dir', () => {
    const dir = tmpDir('testkit-unit-');
    try {
      expect(existsSync(dir)).toBe(true);
      expect(dirname(dir)).toBe(tmpdir());
      expect(basename(dir)).toMatch(/^testkit-unit-.{6}$/);
      expect(tmpDir('testkit-unit-')).not.toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
