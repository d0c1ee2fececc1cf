/**
 * RESP2 encoding of commands, byte-exact (arguments may be binary).
 * HOT PATH: every generated key and every RESTORE of the pipe file goes through here.
 */
export type RespArg = string | Buffer | number;

const CRLF = Buffer.from('\r\n', 'latin1');

/** One command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const arg of args) {
    const bytes = typeof arg === 'string' || typeof arg === 'number' ? Buffer.from(String(arg), 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/** `RESTORE key ttl payload REPLACE ABSTTL`: `expireAtMs` is the absolute expiry, 0 for none. */
export function encodeRestore(key: Buffer, expireAtMs: number, payload: Buffer): Buffer {
  return encodeCommand(['RESTORE', key, Math.max(expireAtMs, 0), payload, 'REPLACE', 'ABSTTL']);
}

export function encodeSelect(db: number): Buffer {
  return encodeCommand(['SELECT', db]);
}

/**
 * Appends commands to one growing buffer, for writing many small commands without a Buffer per argument.
 * HOT PATH: the dataset generator writes every command through one of these.
 */
export class RespWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private length = 0;

  get size(): number {
    return this.length;
  }

  command(args: readonly RespArg[]): void {
    this.ascii(`*${args.length}\r\n`);
    for (const arg of args) {
      if (typeof arg === 'string' || typeof arg === 'number') {
        const text = String(arg);
        const bytes = Buffer.byteLength(text, 'utf8');
        this.ascii(`$${bytes}\r\n`);
        this.reserve(bytes + 2);
        this.length += this.buf.write(text, this.length, 'utf8');
      } else {
        this.ascii(`$${arg.length}\r\n`);
        this.reserve(arg.length + 2);
        arg.copy(this.buf, this.length);
        this.length += arg.length;
      }
      this.buf[this.length++] = 13;
      this.buf[this.length++] = 10;
    }
  }

  /** The bytes written so far (a copy); the writer starts over empty. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.length));
    this.length = 0;
    return out;
  }

  private ascii(text: string): void {
    this.reserve(text.length);
    this.length += this.buf.write(text, this.length, 'latin1');
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
}
