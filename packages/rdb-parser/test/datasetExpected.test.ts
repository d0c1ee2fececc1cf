import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES, collectKeys, parseAll, readFixture } from './fixtureUtils.js';
import { jsonBytes, jsonScore, normalize } from './valueUtils.js';

const SERVERS = fs.readdirSync(path.join(FIXTURES, 'generated')).sort();

interface ExpectedLine {
  db: number;
  key: unknown;
  type: string;
  expireAtMs: number | null;
  rdbType: number;
  value: unknown;
}

function loadExpected(server: string): ExpectedLine[] {
  const text = zlib.gunzipSync(
    fs.readFileSync(path.join(FIXTURES, 'generated', server, 'dataset.expected.jsonl.gz')),
  );
  return text
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as ExpectedLine);
}

const hex = (b: Buffer): string => b.toString('hex');

describe.each(SERVERS)('generated dataset of %s', (server) => {
  const data = readFixture(`generated/${server}/dataset.rdb.gz`);
  const expected = loadExpected(server);

  // Small chunks exercise the per-element resumption; chunkElements 7 exercises chunking.
  for (const [label, chunk, chunkElements, chunkBytes] of [
    ['whole input', 0, 1024, 1 << 20],
    ['64 KiB pushes, 7-element chunks, 1000-byte string pieces', 65536, 7, 1000],
    ['1021-byte pushes', 1021, 100, 4096],
    // Pushes larger than the stitch (64 KiB past what is needed): keys crossing a push are stitched.
    ['100 003-byte pushes', 100_003, 1024, 1 << 20],
    ['1 MiB pushes', 1 << 20, 1024, 1 << 20],
  ] as const) {
    it(`decodes every key as the server reported it (${label})`, () => {
      const events = parseAll(data, { mode: 'decoded', chunkElements, chunkBytes }, chunk);
      const keys = collectKeys(events);
      expect(events.at(-1)).toEqual({ kind: 'end', checksum: 'verified' });
      const byId = new Map(keys.map((k) => [`${k.key.db}/${hex(k.key.key)}`, k]));
      expect(keys.length).toBe(expected.length);
      for (const exp of expected) {
        const id = `${exp.db}/${hex(jsonBytes(exp.key))}`;
        const got = byId.get(id);
        expect(got, `key ${id}`).toBeDefined();
        const ctx = `${server} db${exp.db} ${JSON.stringify(exp.key)}`;
        expect(got!.key.type, ctx).toBe(exp.type);
        expect(got!.key.rdbType, ctx).toBe(exp.rdbType);
        expect(got!.key.expireAtMs, ctx).toBe(exp.expireAtMs);
        for (const c of got!.chunks.slice(0, -1)) {
          const n =
            'elements' in c
              ? c.elements.length
              : 'members' in c
                ? c.members.length
                : 'entries' in c
                  ? c.entries.length
                  : 'fields' in c
                    ? c.fields.length
                    : c.type === 'string'
                      ? c.value.length
                      : 0;
          expect(n, ctx).toBeLessThanOrEqual(c.type === 'string' ? chunkBytes : chunkElements);
        }
        compareValue(normalize(got!.chunks), exp, ctx);
      }
    });
  }
});

function compareValue(got: ReturnType<typeof normalize>, exp: ExpectedLine, ctx: string): void {
  const v = exp.value as never;
  switch (exp.type) {
    case 'string':
      expect(hex(got.string!), ctx).toBe(hex(jsonBytes(v)));
      break;
    case 'list':
      expect(got.list!.map(hex), ctx).toEqual((v as unknown[]).map((e) => hex(jsonBytes(e))));
      break;
    case 'set':
      expect(got.set!.map(hex), ctx).toEqual(
        (v as unknown[])
          .map((e) => jsonBytes(e))
          .sort(Buffer.compare)
          .map(hex),
      );
      break;
    case 'zset': {
      const want = (v as [unknown, unknown][])
        .map(([m, s]) => [jsonBytes(m), jsonScore(s)] as [Buffer, number])
        .sort((a, b) => a[1] - b[1] || Buffer.compare(a[0], b[0]));
      expect(
        got.zset!.map(([m, s]) => [hex(m), s === 0 ? 0 : s]),
        ctx,
      ).toEqual(want.map(([m, s]) => [hex(m), s === 0 ? 0 : s]));
      break;
    }
    case 'hash': {
      const want = (v as unknown[][]).map((f) => [hex(jsonBytes(f[0])), hex(jsonBytes(f[1])), ...f.slice(2)]);
      expect(
        got.hash!.map((f) => [hex(f[0]), hex(f[1]), ...f.slice(2)]),
        ctx,
      ).toEqual(want);
      break;
    }
    case 'stream':
      compareStream(got, v, ctx);
      break;
  }
}

interface ExpStream {
  entries: [string, unknown[]][];
  lastId: string;
  length: number;
  entriesAdded?: number;
  maxDeletedEntryId?: string;
  recordedFirstEntryId?: string;
  groups: {
    name: unknown;
    'last-delivered-id': string;
    'entries-read': number | null;
    pending: [string, unknown, number, number][];
    consumers: {
      name: unknown;
      'seen-time': number;
      'active-time'?: number;
      pending: [string, number, number][];
    }[];
  }[];
}

function compareStream(got: ReturnType<typeof normalize>, exp: ExpStream, ctx: string): void {
  const s = got.stream!;
  expect(
    s.entries.map((e) => [e.id, e.fields.map(hex)]),
    ctx,
  ).toEqual(exp.entries.map(([id, f]) => [id, f.map((x) => hex(jsonBytes(x)))]));
  const m = s.meta!;
  expect(m.lastId, ctx).toBe(exp.lastId);
  expect(m.length, ctx).toBe(exp.length);
  if (exp.entriesAdded !== undefined) expect(m.entriesAdded, ctx).toBe(exp.entriesAdded);
  if (exp.maxDeletedEntryId !== undefined) expect(m.maxDeletedId, ctx).toBe(exp.maxDeletedEntryId);
  if (exp.recordedFirstEntryId !== undefined) expect(m.firstId, ctx).toBe(exp.recordedFirstEntryId);
  expect(m.groups.length, ctx).toBe(exp.groups.length);
  const groups = [...m.groups].sort((a, b) => Buffer.compare(a.name, b.name));
  const expGroups = [...exp.groups].sort((a, b) => Buffer.compare(jsonBytes(a.name), jsonBytes(b.name)));
  groups.forEach((g, i) => {
    const e = expGroups[i]!;
    expect(hex(g.name), ctx).toBe(hex(jsonBytes(e.name)));
    expect(g.lastDeliveredId, ctx).toBe(e['last-delivered-id']);
    if (m.entriesAdded !== null) expect(g.entriesRead, ctx).toBe(e['entries-read']);
    expect(
      g.pending.map(([id, c, t, n]) => [id, hex(c), t, n]),
      ctx,
    ).toEqual(e.pending.map(([id, c, t, n]) => [id, hex(jsonBytes(c)), t, n]));
    const consumers = [...g.consumers].sort((a, b) => Buffer.compare(a.name, b.name));
    const expConsumers = [...e.consumers].sort((a, b) =>
      Buffer.compare(jsonBytes(a.name), jsonBytes(b.name)),
    );
    expect(consumers.length, ctx).toBe(expConsumers.length);
    consumers.forEach((c, j) => {
      const ec = expConsumers[j]!;
      expect(hex(c.name), ctx).toBe(hex(jsonBytes(ec.name)));
      expect(c.seenTime, ctx).toBe(ec['seen-time']);
      if (ec['active-time'] !== undefined) expect(c.activeTime, ctx).toBe(ec['active-time']);
      expect(c.pending, ctx).toEqual(ec.pending.map((p) => p[0]));
    });
  });
}
