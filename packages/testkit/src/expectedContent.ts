import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

type Bytes = string | { base64: string };

/** One line of a `dataset.expected.jsonl`: a key as the server that wrote the file reported it. */
export interface ExpectedKey {
  db: number;
  key: Bytes;
  type: string;
  expireAtMs: number | null;
  value: unknown;
}

/** Reads an `expected.jsonl` (gzipped or not) of the fixture set. */
export function readExpected(path: string): ExpectedKey[] {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ExpectedKey);
}

const bytes = (b: Bytes): Buffer =>
  typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b.base64, 'base64');
const score = (s: string): number =>
  s === 'inf' || s === '+inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
const show = (b: Buffer) => JSON.stringify(b.toString('latin1'));

export interface ExpectedComparison {
  differences: string[];
  /** Hash field TTLs the target could not take (before Redis 7.4). */
  fieldTtls: number;
  /** PEL entries that point at deleted stream entries (XCLAIM cannot recreate them). */
  pendingOnDeleted: number;
}

/**
 * Compares a server's content with the expected content, key by key, on what a server of that
 * version can represent: values, types, key TTLs, stream entries, ids, counters, groups, PEL and
 * consumers. Field TTLs and PEL entries on deleted entries are counted, not compared.
 */
export async function compareWithExpected(
  client: Redis,
  expected: ExpectedKey[],
): Promise<ExpectedComparison> {
  const out: ExpectedComparison = { differences: [], fieldTtls: 0, pendingOnDeleted: 0 };
  const differ = (key: Buffer, what: string) => out.differences.push(`${show(key)}: ${what}`);
  for (const e of expected) {
    await client.select(e.db);
    const key = bytes(e.key);
    const type = await client.type(key);
    if (type !== e.type) {
      differ(key, `type ${type}, expected ${e.type}`);
      continue;
    }
    const expire = Number(await client.call('PEXPIRETIME', key));
    if ((e.expireAtMs ?? -1) !== expire) differ(key, `expiry ${expire}, expected ${e.expireAtMs}`);
    const same = (a: unknown, b: unknown, what: string) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) differ(key, `${what} differs`);
    };
    switch (e.type) {
      case 'string':
        same(
          (await client.getBuffer(key))?.toString('hex'),
          bytes(e.value as Bytes).toString('hex'),
          'value',
        );
        break;
      case 'list':
        same(
          (await client.lrangeBuffer(key, 0, -1)).map((b) => b.toString('hex')),
          (e.value as Bytes[]).map((b) => bytes(b).toString('hex')),
          'elements',
        );
        break;
      case 'set':
        same(
          (await client.smembersBuffer(key)).sort(Buffer.compare).map((b) => b.toString('hex')),
          (e.value as Bytes[]).map((b) => bytes(b).toString('hex')),
          'members',
        );
        break;
      case 'zset': {
        const flat = await client.zrangeBuffer(key, 0, -1, 'WITHSCORES');
        const actual = [];
        for (let i = 0; i < flat.length; i += 2)
          actual.push([flat[i]!.toString('hex'), score(flat[i + 1]!.toString())]);
        same(
          actual,
          (e.value as [Bytes, string][]).map(([m, s]) => [bytes(m).toString('hex'), score(s)]),
          'members or scores',
        );
        break;
      }
      case 'hash': {
        const fields = e.value as Array<[Bytes, Bytes, number?]>;
        out.fieldTtls += fields.filter((f) => f.length === 3).length;
        const flat = (await client.callBuffer('HGETALL', key)) as Buffer[];
        const fieldValues: Array<[Buffer, Buffer]> = [];
        for (let i = 0; i < flat.length; i += 2) fieldValues.push([flat[i]!, flat[i + 1]!]);
        const actual = fieldValues
          .sort((a, b) => Buffer.compare(a[0], b[0]))
          .map(([f, v]) => [f.toString('hex'), v.toString('hex')]);
        same(
          actual,
          fields.map(([f, v]) => [bytes(f).toString('hex'), bytes(v).toString('hex')]),
          'fields',
        );
        break;
      }
      case 'stream':
        await compareStream(client, key, e.value as ExpectedStream, out, differ);
        break;
    }
  }
  await client.select(0);
  return out;
}

interface ExpectedStream {
  entries: Array<[string, Bytes[]]>;
  lastId: string;
  length: number;
  entriesAdded: number;
  maxDeletedEntryId: string;
  groups: Array<{
    name: Bytes;
    'last-delivered-id': string;
    'entries-read': number | null;
    pending: Array<[string, Bytes, number, number]>;
    consumers: Array<{ name: Bytes }>;
  }>;
}

async function compareStream(
  client: Redis,
  key: Buffer,
  e: ExpectedStream,
  out: ExpectedComparison,
  differ: (key: Buffer, what: string) => void,
): Promise<void> {
  const range = (await client.xrangeBuffer(key, '-', '+')) as Array<[Buffer, Buffer[]]>;
  const actualEntries = range.map(([id, fields]) => [id.toString(), fields.map((f) => f.toString('hex'))]);
  const expectedEntries = e.entries.map(([id, fields]) => [id, fields.map((f) => bytes(f).toString('hex'))]);
  if (JSON.stringify(actualEntries) !== JSON.stringify(expectedEntries)) differ(key, 'stream entries differ');
  const info = pairs((await client.callBuffer('XINFO', 'STREAM', key, 'FULL', 'COUNT', 0)) as unknown[]);
  const text = (v: unknown) => (Buffer.isBuffer(v) ? v.toString() : v);
  if (text(info['last-generated-id']) !== e.lastId)
    differ(key, `last id ${text(info['last-generated-id'])}, expected ${e.lastId}`);
  if (Number(info['entries-added']) !== e.entriesAdded) differ(key, 'entries-added differs');
  if (text(info['max-deleted-entry-id']) !== e.maxDeletedEntryId) differ(key, 'max-deleted-entry-id differs');
  const live = new Set(e.entries.map(([id]) => id));
  const groups = (info.groups as unknown[][]).map(pairs);
  if (groups.length !== e.groups.length) differ(key, `${groups.length} groups, expected ${e.groups.length}`);
  for (const eg of e.groups) {
    const name = bytes(eg.name);
    const g = groups.find((x) => Buffer.isBuffer(x.name) && name.equals(x.name as Buffer));
    if (!g) {
      differ(key, `group ${show(name)} missing`);
      continue;
    }
    if (text(g['last-delivered-id']) !== eg['last-delivered-id'])
      differ(key, `group ${show(name)} last-delivered-id differs`);
    if (eg['entries-read'] !== null && Number(g['entries-read']) !== eg['entries-read'])
      differ(key, `group ${show(name)} entries-read differs`);
    const pending = (g.pending as unknown[][]).map(([id, consumer, time, count]) => [
      text(id),
      (consumer as Buffer).toString('hex'),
      Number(time),
      Number(count),
    ]);
    // PEL entries on deleted stream entries: a target may lack them (XCLAIM cannot recreate them),
    // never have ones the source did not; the live ones must match exactly.
    const expectedPending = eg.pending.map(([id, c, time, count]) => [
      id,
      bytes(c).toString('hex'),
      time,
      count,
    ]);
    const isLive = (p: unknown[]) => live.has(p[0] as string);
    const expectedLive = expectedPending.filter(isLive);
    const expectedDeleted = new Set(expectedPending.filter((p) => !isLive(p)).map((p) => JSON.stringify(p)));
    const actualDeleted = pending.filter((p) => !isLive(p));
    out.pendingOnDeleted += expectedDeleted.size - actualDeleted.length;
    if (JSON.stringify(pending.filter(isLive)) !== JSON.stringify(expectedLive))
      differ(
        key,
        `group ${show(name)} PEL differs: ${JSON.stringify(pending)}, expected ${JSON.stringify(expectedPending)}`,
      );
    if (actualDeleted.some((p) => !expectedDeleted.has(JSON.stringify(p))))
      differ(key, `group ${show(name)} has PEL entries the source did not`);
    const consumers = (g.consumers as unknown[][])
      .map((c) => (pairs(c).name as Buffer).toString('hex'))
      .sort();
    const expectedConsumers = eg.consumers.map((c) => bytes(c.name).toString('hex')).sort();
    if (JSON.stringify(consumers) !== JSON.stringify(expectedConsumers))
      differ(key, `group ${show(name)} consumers differ`);
  }
}

function pairs(list: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = list[i + 1];
  return out;
}
