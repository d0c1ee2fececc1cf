import type { DecodedChunk } from '../src/types.js';

/** A decoded value reassembled from its chunks, in a comparable normal form. */
export interface NormalValue {
  type: string;
  string?: Buffer;
  list?: Buffer[];
  set?: Buffer[];
  zset?: [Buffer, number][];
  hash?: ([Buffer, Buffer] | [Buffer, Buffer, number])[];
  stream?: Extract<DecodedChunk, { type: 'stream' }>;
}

/** Joins chunks; sets sorted bytewise, zsets by (score, member), hashes by field. */
export function normalize(chunks: DecodedChunk[]): NormalValue {
  const type = chunks[0]!.type;
  switch (type) {
    case 'string':
      return { type, string: Buffer.concat(chunks.map((c) => (c as { value: Buffer }).value)) };
    case 'list':
      return { type, list: chunks.flatMap((c) => (c as { elements: Buffer[] }).elements) };
    case 'set':
      return { type, set: chunks.flatMap((c) => (c as { members: Buffer[] }).members).sort(Buffer.compare) };
    case 'zset':
      return {
        type,
        zset: chunks
          .flatMap((c) => (c as { entries: [Buffer, number][] }).entries)
          .sort((a, b) => a[1] - b[1] || Buffer.compare(a[0], b[0])),
      };
    case 'hash':
      return {
        type,
        hash: chunks
          .flatMap((c) => (c as { fields: NonNullable<NormalValue['hash']> }).fields)
          .sort((a, b) => Buffer.compare(a[0], b[0])),
      };
    case 'stream': {
      const entries = chunks.flatMap((c) => (c as Extract<DecodedChunk, { type: 'stream' }>).entries);
      const meta = (chunks.at(-1) as Extract<DecodedChunk, { type: 'stream' }>).meta;
      return { type, stream: meta ? { type, entries, meta } : { type, entries } };
    }
    default:
      return { type };
  }
}

/** Bytes of a JSONL string as the generated fixtures write them: a UTF-8 string or {"base64": ...}. */
export function jsonBytes(v: unknown): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v !== null && typeof v === 'object' && 'base64' in v)
    return Buffer.from((v as { base64: string }).base64, 'base64');
  throw new Error(`not a JSONL string: ${JSON.stringify(v)}`);
}

export function jsonScore(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v);
  if (s === 'inf' || s === '+inf') return Number.POSITIVE_INFINITY;
  if (s === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(s);
}
