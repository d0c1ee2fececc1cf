import type { Spool } from './Spool.js';

const EMPTY = Buffer.alloc(0);
const EOF_MARK_BYTES = 40;

/**
 * The RDB payload of a full sync, after its bulk header: `$<len>` (the master sends a file of
 * known size) or `$EOF:<40-byte mark>` (diskless: the payload ends with the mark). Bytes go to
 * the spool as they come; what follows the payload (the command stream) is handed back.
 */
export class RdbTransfer {
  /** Payload bytes received so far. */
  bytes = 0;
  done = false;
  private remaining: number;
  private readonly mark: Buffer | undefined;
  /** Diskless: the last bytes, held back until known not to be the start of the mark. */
  private tail: Buffer = EMPTY;

  constructor(
    header: { size: number } | { mark: Buffer },
    private readonly spool: Spool,
  ) {
    this.remaining = 'size' in header ? header.size : -1;
    this.mark = 'mark' in header ? header.mark : undefined;
    if (this.remaining === 0) this.done = true;
  }

  /** Payload size, when the header announced it. */
  get size(): number | undefined {
    return this.mark ? undefined : this.bytes + this.remaining;
  }

  /** Takes the next bytes; returns those that follow the payload once it is complete. */
  feed(data: Buffer): Buffer {
    if (this.done) return data;
    return this.mark ? this.feedUntilMark(data, this.mark) : this.feedSized(data);
  }

  private feedSized(data: Buffer): Buffer {
    const n = Math.min(this.remaining, data.length);
    this.take(data.subarray(0, n));
    this.remaining -= n;
    if (this.remaining === 0) this.done = true;
    return data.subarray(n);
  }

  private feedUntilMark(data: Buffer, mark: Buffer): Buffer {
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, data]) : data;
    const at = buf.indexOf(mark);
    if (at >= 0) {
      this.take(buf.subarray(0, at));
      this.tail = EMPTY;
      this.done = true;
      return buf.subarray(at + EOF_MARK_BYTES);
    }
    const keep = Math.min(EOF_MARK_BYTES - 1, buf.length);
    this.take(buf.subarray(0, buf.length - keep));
    this.tail = Buffer.from(buf.subarray(buf.length - keep));
    return EMPTY;
  }

  private take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.spool.append(bytes);
    this.bytes += bytes.length;
  }
}
