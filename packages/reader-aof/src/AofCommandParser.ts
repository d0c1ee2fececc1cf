import { AofFormatError } from './AofFormatError.js';

/** One complete item of the RESP part of an AOF: a command, or an annotation line (`#TS:...`). */
export type AofItem =
  | { kind: 'command'; argv: Buffer[]; offset: number }
  | { kind: 'annotation'; text: string; offset: number };

const STAR = 0x2a;
const DOLLAR = 0x24;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;
/** A count or annotation line longer than this without a newline is not an AOF. */
const MAX_LINE = 64 * 1024;
const NEED_MORE = -1;

/**
 * Push-based parser of the RESP command stream of an AOF file (what Redis's `loadSingleAppendOnlyFile`
 * reads after an optional RDB preamble): `*<argc>\r\n` then `argc` times `$<len>\r\n<bytes>\r\n`, with
 * `#...` annotation lines between commands.
 *
 * HOT PATH: a base AOF holds the whole dataset as commands. Input is only concatenated once enough
 * bytes for the next item can be there, so a large argument spread over many chunks is copied once.
 * Arguments are views into the input buffers (never modified).
 */
export class AofCommandParser {
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute file offset of `buf[0]`. */
  private base: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Absolute offset the buffered input must reach before parsing again is worthwhile. */
  private need: number;

  constructor(startOffset = 0) {
    this.base = startOffset;
    this.need = startOffset + 1;
  }

  /** Absolute offset of the first byte not yet returned as part of an item. */
  get offset(): number {
    return this.base;
  }

  /** Bytes received but not part of a complete item yet. */
  get buffered(): number {
    return this.buf.length + this.pendingBytes;
  }

  push(chunk: Buffer): AofItem[] {
    if (chunk.length === 0) return [];
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.base + this.buf.length + this.pendingBytes < this.need) return [];
    this.buf =
      this.buf.length === 0 && this.pending.length === 1
        ? this.pending[0]!
        : Buffer.concat([this.buf, ...this.pending]);
    this.pending = [];
    this.pendingBytes = 0;
    return this.parse();
  }

  private parse(): AofItem[] {
    const items: AofItem[] = [];
    const buf = this.buf;
    let p = 0;
    for (;;) {
      if (p >= buf.length) {
        this.need = this.base + p + 1;
        break;
      }
      const end = buf[p] === HASH ? this.annotation(buf, p, items) : this.command(buf, p, items);
      if (end === NEED_MORE) break;
      p = end;
    }
    this.buf = buf.subarray(p);
    this.base += p;
    return items;
  }

  private annotation(buf: Buffer, p: number, items: AofItem[]): number {
    const nl = buf.indexOf(LF, p);
    if (nl === -1) return this.lineMissing(buf, p);
    const stop = nl > p && buf[nl - 1] === CR ? nl - 1 : nl;
    items.push({ kind: 'annotation', text: buf.toString('latin1', p + 1, stop), offset: this.base + p });
    return nl + 1;
  }

  private command(buf: Buffer, start: number, items: AofItem[]): number {
    if (buf[start] !== STAR) {
      throw new AofFormatError(
        `bad AOF format at byte ${this.base + start}: expected a command ("*") or an annotation ("#"), found ${describeByte(buf[start]!)}`,
        this.base + start,
      );
    }
    const countEnd = this.lineEnd(buf, start);
    if (countEnd === NEED_MORE) return NEED_MORE;
    const argc = this.number(buf, start + 1, countEnd, 'argument count');
    if (argc < 1) {
      throw new AofFormatError(
        `bad AOF format at byte ${this.base + start}: a command with ${argc} arguments`,
        this.base + start,
      );
    }
    const argv: Buffer[] = new Array(argc);
    let q = countEnd + 2;
    for (let i = 0; i < argc; i++) {
      if (q >= buf.length) return this.needAt(q + 1);
      if (buf[q] !== DOLLAR) {
        throw new AofFormatError(
          `bad AOF format at byte ${this.base + q}: expected an argument ("$") of the command at byte ${this.base + start}, found ${describeByte(buf[q]!)}`,
          this.base + q,
        );
      }
      const lenEnd = this.lineEnd(buf, q);
      if (lenEnd === NEED_MORE) return NEED_MORE;
      const len = this.number(buf, q + 1, lenEnd, 'argument length');
      const dataStart = lenEnd + 2;
      const dataEnd = dataStart + len;
      if (dataEnd + 2 > buf.length) return this.needAt(dataEnd + 2);
      if (buf[dataEnd] !== CR || buf[dataEnd + 1] !== LF) {
        throw new AofFormatError(
          `bad AOF format at byte ${this.base + dataEnd}: argument ${i + 1} of the command at byte ${this.base + start} is not followed by CRLF`,
          this.base + dataEnd,
        );
      }
      argv[i] = buf.subarray(dataStart, dataEnd);
      q = dataEnd + 2;
    }
    items.push({ kind: 'command', argv, offset: this.base + start });
    return q;
  }

  /** Index of the CR of the CRLF ending the line that starts at `p`, or NEED_MORE. */
  private lineEnd(buf: Buffer, p: number): number {
    const nl = buf.indexOf(LF, p);
    if (nl === -1) return this.lineMissing(buf, p);
    if (nl === p || buf[nl - 1] !== CR) {
      throw new AofFormatError(
        `bad AOF format at byte ${this.base + nl}: a line ends without CRLF`,
        this.base + nl,
      );
    }
    return nl - 1;
  }

  private lineMissing(buf: Buffer, p: number): number {
    if (buf.length - p > MAX_LINE) {
      throw new AofFormatError(
        `bad AOF format at byte ${this.base + p}: no end of line within ${MAX_LINE} bytes`,
        this.base + p,
      );
    }
    return this.needAt(buf.length + 1);
  }

  private number(buf: Buffer, from: number, to: number, what: string): number {
    const text = buf.toString('latin1', from, to);
    if (!/^-?[0-9]{1,15}$/.test(text)) {
      throw new AofFormatError(
        `bad AOF format at byte ${this.base + from}: invalid ${what} ${JSON.stringify(text.slice(0, 32))}`,
        this.base + from,
      );
    }
    const n = Number(text);
    if (n < 0) {
      throw new AofFormatError(
        `bad AOF format at byte ${this.base + from}: negative ${what} ${n}`,
        this.base + from,
      );
    }
    return n;
  }

  private needAt(index: number): number {
    this.need = this.base + index;
    return NEED_MORE;
  }
}

function describeByte(byte: number): string {
  return byte >= 0x20 && byte < 0x7f
    ? `"${String.fromCharCode(byte)}"`
    : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
