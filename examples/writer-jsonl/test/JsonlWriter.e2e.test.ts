import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeWriterContract } from '@redis-shuttle/testkit';
import { expect } from 'vitest';
import { decodeEntry } from '../src/index.js';
import { createJsonlWriter } from './createJsonlWriter.js';

// The writer contract of @redis-shuttle/testkit, checked by reading the file back.
describeWriterContract('JsonlWriter', ({ dir }) => createJsonlWriter(join(dir, 'out.jsonl')), {
  kinds: ['command', 'transaction', 'function'],
  verify: (entries, { dir }) => {
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n');
    expect(lines.pop(), 'the file ends with a newline').toBe('');
    expect(lines).toHaveLength(entries.length);
    expect(lines.map(decodeEntry)).toEqual(entries);
  },
  // Every write to /dev/full fails with ENOSPC.
  fatal: { create: () => createJsonlWriter('/dev/full') },
});

// The same contract with the target given as a file:// URL.
describeWriterContract(
  'JsonlWriter (file:// URL)',
  ({ dir }) => createJsonlWriter(pathToFileURL(join(dir, 'out.jsonl')).href),
  {
    fill: { dbs: [0], scale: 1 },
    verify: (entries, { dir }) => {
      const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n');
      expect(lines.map(decodeEntry)).toEqual(entries);
    },
    fatal: { create: () => createJsonlWriter(pathToFileURL('/dev/full').href) },
  },
);
