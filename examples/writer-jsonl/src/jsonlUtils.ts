import { isUtf8 } from 'node:buffer';
import type { Entry, KeyEntry, StreamGroup, StreamMeta, ValueChunk } from '@redis-shuttle/core';

/** Bytes in JSON: a string when they are valid UTF-8, else `{ "base64": ... }`. */
export type JsonBytes = string | { base64: string };

/**
 * One entry as one JSON line. Binary-safe: every Buffer becomes a string when it is valid UTF-8
 * and `{ "base64": ... }` otherwise; a bigint becomes a decimal string; a non-finite number
 * (a zset score of ±inf) becomes "Infinity", "-Infinity" or "NaN".
 *
 * Hot path: called once per entry; a plain recursive walk, no JSON replacer.
 */
export function encodeEntry(entry: Entry): string {
  return `${JSON.stringify(toJson(entry))}\n`;
}

export function encodeBytes(bytes: Buffer): JsonBytes {
  return isUtf8(bytes) ? bytes.toString('utf8') : { base64: bytes.toString('base64') };
}

function toJson(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return encodeBytes(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) {
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) out[key] = toJson(field);
    }
    return out;
  }
  return value;
}

// Decoding: the reverse, knowing which fields of each entry kind are bytes.

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON
type Json = any;

const bytes = (value: JsonBytes): Buffer =>
  typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.base64, 'base64');
const num = (value: number | string): number => (typeof value === 'string' ? Number(value) : value);

/** Parses one line written by `encodeEntry` back into the entry. */
export function decodeEntry(line: string): Entry {
  const json: Json = JSON.parse(line);
  switch (json.kind) {
    case 'key': {
      const entry: Json = { ...json, key: bytes(json.key) };
      if (json.dump) entry.dump = { ...json.dump, payload: bytes(json.dump.payload) };
      if (json.value) entry.value = decodeValue(json.value);
      return entry as KeyEntry;
    }
    case 'value-chunk':
      return { ...json, key: bytes(json.key), value: decodeValue(json.value) };
    case 'command':
      return { kind: 'command', db: json.db, argv: json.argv.map(bytes) };
    case 'transaction':
      return {
        kind: 'transaction',
        db: json.db,
        commands: json.commands.map((argv: JsonBytes[]) => argv.map(bytes)),
      };
    case 'function':
      return { kind: 'function', code: bytes(json.code) };
    default:
      throw new Error(`not a redis-shuttle entry: kind ${JSON.stringify(json.kind)}`);
  }
}

function decodeValue(value: Json): ValueChunk {
  switch (value.type) {
    case 'string':
      return { type: 'string', value: bytes(value.value) };
    case 'list':
      return { type: 'list', elements: value.elements.map(bytes) };
    case 'set':
      return { type: 'set', members: value.members.map(bytes) };
    case 'zset':
      return {
        type: 'zset',
        entries: value.entries.map(([m, s]: [JsonBytes, number]) => [bytes(m), num(s)]),
      };
    case 'hash':
      return {
        type: 'hash',
        fields: value.fields.map(([f, v, ...ttl]: [JsonBytes, JsonBytes, number?]) => [
          bytes(f),
          bytes(v),
          ...ttl,
        ]),
      };
    case 'stream':
      return {
        type: 'stream',
        entries: value.entries.map((e: Json) => ({ id: e.id, fields: e.fields.map(bytes) })),
        ...(value.meta ? { meta: decodeStreamMeta(value.meta) } : {}),
      };
    case 'module':
      return {
        type: 'module',
        moduleId: BigInt(value.moduleId),
        moduleName: value.moduleName,
        payload: bytes(value.payload),
      };
    default:
      throw new Error(`unknown value type ${JSON.stringify(value.type)}`);
  }
}

function decodeStreamMeta(meta: Json): StreamMeta {
  return {
    ...meta,
    groups: meta.groups.map(
      (g: Json): StreamGroup => ({
        ...g,
        name: bytes(g.name),
        pending: g.pending.map(([id, consumer, time, count]: Json[]) => [id, bytes(consumer), time, count]),
        consumers: g.consumers.map((c: Json) => ({ ...c, name: bytes(c.name) })),
      }),
    ),
  };
}
