import { SourceError } from '@redis-shuttle/core';

const EMPTY = Buffer.alloc(0);
const STAR = 0x2a;
const DOLLAR = 0x24;
const CR = 0x0d;
const MINUS = 0x2d;

/**
 * Incremental parser of the replication command stream: RESP arrays of bulk strings, the only
 * form a master sends. `consumed` counts the bytes of the complete commands returned so far,
 * which is how the master counts its replication offset.
 *
 * Hot path (every command of the source goes through it): no regular expressions, no string
 * conversion, arguments are sub-slices of the received chunks (never copied), and an
 * incomplete command waits until enough bytes are buffered before chunks are joined, so a big
 * value arriving in many chunks is copied once.
 */
export class RespCommandParser {
  /** Bytes of the stream taken by the commands returned so far. */
  consumed = 0;
  private buf: Buffer = EMPTY;
  private pos = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes (from `pos`) known to be needed before the next command can be complete. */
  private need = 1;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** Bytes received but not yet part of a returned command. */
  get buffered(): number {
    return this.buf.length - this.pos + this.pendingBytes;
  }

  /** The next complete command, or null when more bytes are needed. */
  next(): Buffer[] | null {
    if (this.buf.length - this.pos + this.pendingBytes < this.need) return null;
    if (this.pendingBytes > 0) this.join();
    const buf = this.buf;
    const start = this.pos;
    const end = buf.length;
    if (start >= end) {
      this.need = 1;
      return null;
    }
    if (buf[start] !== STAR) throw this.formatError(`expected "*", got byte 0x${buf[start]!.toString(16)}`);
    let p = start + 1;
    // array length
    let count = 0;
    let negative = false;
    if (buf[p] === MINUS) {
      negative = true;
      p++;
    }
    for (;;) {
      if (p >= end) return this.needMore(p - start + 2);
      const c = buf[p]!;
      if (c === CR) break;
      if (c < 0x30 || c > 0x39) throw this.formatError('bad array length');
      count = count * 10 + (c - 0x30);
      p++;
    }
    p += 2; // \r\n
    if (negative) count = 0;
    const argv: Buffer[] = new Array(count);
    for (let i = 0; i < count; i++) {
      if (p >= end) return this.needMore(p - start + 4);
      if (buf[p] !== DOLLAR) throw this.formatError(`expected "$", got byte 0x${buf[p]!.toString(16)}`);
      p++;
      let len = 0;
      for (;;) {
        if (p >= end) return this.needMore(p - start + 2);
        const c = buf[p]!;
        if (c === CR) break;
        if (c < 0x30 || c > 0x39) throw this.formatError('bad bulk length');
        len = len * 10 + (c - 0x30);
        p++;
      }
      p += 2;
      if (p + len + 2 > end) return this.needMore(p + len + 2 - start);
      argv[i] = buf.subarray(p, p + len);
      p += len + 2;
    }
    if (p > end) return this.needMore(p - start);
    this.consumed += p - start;
    this.pos = p;
    this.need = 1;
    if (p === end) {
      this.buf = EMPTY;
      this.pos = 0;
    }
    return argv;
  }

  /** Drops what is buffered (an incomplete command at the end of an abandoned stream). */
  reset(): void {
    this.buf = EMPTY;
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.need = 1;
  }

  private needMore(bytes: number): null {
    this.need = bytes;
    return null;
  }

  private join(): void {
    const rest = this.buf.subarray(this.pos);
    this.buf =
      rest.length === 0 && this.pending.length === 1
        ? this.pending[0]!
        : Buffer.concat([rest, ...this.pending], rest.length + this.pendingBytes);
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private formatError(what: string): SourceError {
    return new SourceError(
      'E_SOURCE_FORMAT',
      `unexpected data in the replication stream at byte ${this.consumed} of the command stream: ${what}`,
      {
        hint: 'the source sent something that is not a RESP command; please report this with the source version',
      },
    );
  }
}
