import type { Arg } from './SentCommand.js';

/** Arguments at least this long are written as their own chunk instead of being copied. */
const COPY_LIMIT = 16 * 1024;
const CRLF = Buffer.from('\r\n');

/**
 * Encodes one command as RESP (`*N`, then `$len` + bytes per argument) into `out`.
 * HOT PATH: small arguments are copied into one buffer per command; big ones (DUMP payloads)
 * are referenced, not copied. Returns the bytes added.
 */
export function encodeCommand(args: readonly Arg[], out: Buffer[]): number {
  let size = 16;
  for (const a of args) {
    size +=
      16 +
      (typeof a === 'string'
        ? Buffer.byteLength(a)
        : typeof a === 'number'
          ? 24
          : a.length < COPY_LIMIT
            ? a.length
            : 0);
  }
  let buf = Buffer.allocUnsafe(size);
  let at = buf.write(`*${args.length}\r\n`, 0, 'latin1');
  let total = 0;
  for (const a of args) {
    if (Buffer.isBuffer(a)) {
      at += buf.write(`$${a.length}\r\n`, at, 'latin1');
      if (a.length < COPY_LIMIT) {
        at += a.copy(buf, at);
        buf[at++] = 13;
        buf[at++] = 10;
      } else {
        out.push(buf.subarray(0, at), a, CRLF);
        total += at + a.length + 2;
        buf = Buffer.allocUnsafe(size);
        at = 0;
      }
    } else {
      const text = typeof a === 'number' ? String(a) : a;
      const len = Buffer.byteLength(text);
      at += buf.write(`$${len}\r\n`, at, 'latin1');
      at += buf.write(text, at, 'utf8');
      buf[at++] = 13;
      buf[at++] = 10;
    }
  }
  if (at > 0) out.push(buf.subarray(0, at));
  return total + at;
}
