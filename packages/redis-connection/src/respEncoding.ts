import type { Arg } from './SentCommand.js';

/** Arguments at least this long are written as their own chunk instead of being copied. */
const COPY_LIMIT = 16 * 1024;
/** Bytes of each buffer commands are encoded into. */
const SLAB_BYTES = 256 * 1024;
/** Short strings (command names, flags) whose encoding is cached, and how many at most. */
const CACHED_STRING_LENGTH = 24;
const CACHED_STRINGS = 512;
const CRLF = Buffer.from('\r\n');

const encodedStrings = new Map<string, Buffer>();

/** `$<len>\r\n<text>\r\n` of a short string, encoded once. */
function encodedString(text: string): Buffer | undefined {
  let encoded = encodedStrings.get(text);
  if (encoded === undefined && encodedStrings.size < CACHED_STRINGS) {
    const bytes = Buffer.from(text, 'utf8');
    encoded = Buffer.concat([Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF]);
    encodedStrings.set(text, encoded);
  }
  return encoded;
}

/** Decimal digits of the non-negative integer `n`. */
function digitCount(n: number): number {
  let digits = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
  return digits;
}

/** Writes the `digits` decimal digits of the non-negative integer `n`, then CRLF. */
function writeDigits(buf: Buffer, at: number, n: number, digits: number): number {
  for (let v = n, i = at + digits - 1; i >= at; i--) {
    buf[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  const end = at + digits;
  buf[end] = 13;
  buf[end + 1] = 10;
  return end + 2;
}

/** Writes `prefix` (`*` or `$`), the non-negative integer `n`, then CRLF. */
function writeHeader(buf: Buffer, at: number, prefix: number, n: number): number {
  buf[at] = prefix;
  return writeDigits(buf, at + 1, n, digitCount(n));
}

/**
 * Encodes commands as RESP (`*N`, then `$len` + bytes per argument) into large shared buffers.
 *
 * HOT PATH: one buffer (256 KiB) holds many commands, so the socket gets a few large chunks per tick
 * instead of one per command, and nothing is allocated per command. Digits are written by hand and the
 * encoding of short strings (command names, flags) is cached. Big arguments (DUMP payloads) are
 * referenced, not copied. A buffer handed out by take() is never written again, so a caller may keep
 * the region of a command (`last`) to send the same bytes again later (a replay after a reconnect)
 * instead of keeping its arguments.
 */
export class RespEncoder {
  private slab: Buffer = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private at = 0;
  private start = 0;
  private chunks: Buffer[] = [];
  /**
   * Where the last encode() put the command when it is one region of one buffer (`buffer` undefined when
   * a big argument was referenced instead of copied). One object, overwritten by every encode().
   */
  readonly last: { buffer: Buffer | undefined; start: number; end: number } = {
    buffer: undefined,
    start: 0,
    end: 0,
  };
  /** Bytes in `chunks`. */
  private chunkBytes = 0;

  /** Encodes one command; returns the bytes it added. */
  encode(args: readonly Arg[]): number {
    let need = 16;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      need +=
        typeof a === 'string'
          ? 16 + a.length * 3
          : typeof a === 'number'
            ? 48
            : a.length < COPY_LIMIT
              ? 16 + a.length
              : 16;
    }
    if (this.slab.length - this.at < need) this.newSlab(need);
    const before = this.pendingBytes;
    const buf = this.slab;
    const first = this.at;
    let contiguous = true;
    let at = writeHeader(buf, first, 42 /* * */, args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (typeof a === 'string') {
        const cached = a.length <= CACHED_STRING_LENGTH ? encodedString(a) : undefined;
        if (cached !== undefined) {
          buf.set(cached, at);
          at += cached.length;
        } else {
          const len = Buffer.byteLength(a);
          at = writeHeader(buf, at, 36 /* $ */, len);
          at += buf.write(a, at, 'utf8');
          buf[at++] = 13;
          buf[at++] = 10;
        }
      } else if (typeof a === 'number') {
        if (Number.isSafeInteger(a) && a >= 0) {
          const digits = digitCount(a);
          at = writeHeader(buf, at, 36 /* $ */, digits);
          at = writeDigits(buf, at, a, digits);
        } else {
          const text = String(a);
          at = writeHeader(buf, at, 36, text.length);
          at += buf.write(text, at, 'latin1');
          buf[at++] = 13;
          buf[at++] = 10;
        }
      } else {
        at = writeHeader(buf, at, 36, a.length);
        if (a.length < COPY_LIMIT) {
          buf.set(a, at);
          at += a.length;
          buf[at++] = 13;
          buf[at++] = 10;
        } else {
          contiguous = false;
          this.chunks.push(buf.subarray(this.start, at), a);
          this.chunkBytes += at - this.start + a.length;
          this.start = at;
          buf[at++] = 13;
          buf[at++] = 10;
        }
      }
    }
    this.at = at;
    const last = this.last;
    last.buffer = contiguous ? buf : undefined;
    last.start = first;
    last.end = at;
    return this.pendingBytes - before;
  }

  /** Appends bytes encoded earlier (a region from `last`): copied when short, referenced otherwise. */
  encodeBytes(buffer: Buffer, start: number, end: number): number {
    const length = end - start;
    if (length >= COPY_LIMIT) {
      if (this.at > this.start) {
        this.chunks.push(this.slab.subarray(this.start, this.at));
        this.chunkBytes += this.at - this.start;
        this.start = this.at;
      }
      this.chunks.push(buffer.subarray(start, end));
      this.chunkBytes += length;
      return length;
    }
    if (this.slab.length - this.at < length) this.newSlab(length);
    buffer.copy(this.slab, this.at, start, end);
    this.at += length;
    return length;
  }

  /** Bytes encoded and not yet taken. */
  get pendingBytes(): number {
    return this.chunkBytes + this.at - this.start;
  }

  /** The encoded bytes since the last take(), in order; they are never written again. */
  take(): Buffer[] {
    if (this.at > this.start) {
      this.chunks.push(this.slab.subarray(this.start, this.at));
      this.start = this.at;
    }
    const chunks = this.chunks;
    this.chunks = [];
    this.chunkBytes = 0;
    return chunks;
  }

  private newSlab(need: number): void {
    if (this.at > this.start) {
      this.chunks.push(this.slab.subarray(this.start, this.at));
      this.chunkBytes += this.at - this.start;
    }
    this.slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, need));
    this.at = 0;
    this.start = 0;
  }
}

/** Shared by encodeCommand: what take() hands out is never rewritten, so one encoder serves every call. */
const sharedEncoder = new RespEncoder();

/** Encodes one command as RESP into `out` (big arguments referenced); returns the bytes added. */
export function encodeCommand(args: readonly Arg[], out: Buffer[]): number {
  const bytes = sharedEncoder.encode(args);
  out.push(...sharedEncoder.take());
  return bytes;
}
