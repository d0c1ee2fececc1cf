import { bufferView, intBuffer, latin1, parseScoreBytes, readIntLE } from './numberUtils.js';
import { RdbParseError } from './RdbParseError.js';

const EMPTY = new Uint8Array(0);

/**
 * What listpacks (src/listpack.c) and ziplists (src/ziplist.c) share: a little-endian total byte
 * count at 0, a 16-bit element count (65535: unknown), entries, and a 0xff end marker. Reads the
 * entries one at a time, allocating nothing but what the caller asks for: open() validates every
 * bound of the whole blob first (so a corrupt blob yields no element), then read() decodes the next
 * entry, which element() / score() / intValue() / text() return. Reused from blob to blob; a format
 * only says how one entry is laid out (step).
 *
 * HOT PATH (decoded mode): string entries become views into the blob, integers their decimal text.
 */
export abstract class PackedBlobReader {
  protected blob: Uint8Array = EMPTY;
  /** blob's ArrayBuffer and byte offset, for views. */
  private ab: ArrayBufferLike = EMPTY.buffer;
  private abOff = 0;
  protected p = 0;
  protected end = 0;
  /** The current entry is an integer (else a string blob[sStart, sEnd)). */
  isInt = false;
  protected sStart = 0;
  protected sEnd = 0;
  /** Integer entry: value when iBytes is 0, else a little-endian integer of iBytes bytes at iPos. */
  protected iVal = 0;
  protected iPos = 0;
  protected iBytes = 0;

  constructor(
    /** Names the format in errors. */
    private readonly format: string,
    /** Bytes before the first entry. */
    private readonly headerBytes: number,
    /** Offset of the 16-bit element count. */
    private readonly countAt: number,
  ) {}

  /** Validates the blob (`at`: its file offset, for errors); returns its element count. */
  open(blob: Uint8Array, at: number): number {
    if (blob.length <= this.headerBytes) throw this.corrupt('shorter than its header', at);
    const total = (blob[0]! | (blob[1]! << 8) | (blob[2]! << 16) | (blob[3]! << 24)) >>> 0;
    if (total !== blob.length) throw this.corrupt(`header says ${total} bytes, blob has ${blob.length}`, at);
    const declared = blob[this.countAt]! | (blob[this.countAt + 1]! << 8);
    this.blob = blob;
    this.ab = blob.buffer;
    this.abOff = blob.byteOffset;
    this.end = blob.length - 1;
    this.p = this.headerBytes;
    let n = 0;
    while (this.p < this.end) {
      this.step(at);
      n++;
    }
    if (this.p !== this.end || blob[this.end] !== 0xff)
      throw this.corrupt('missing or misplaced end marker', at);
    if (declared !== 65535 && declared !== n) {
      throw this.corrupt(`header says ${declared} elements, found ${n}`, at);
    }
    this.p = this.headerBytes;
    return n;
  }

  /** Back to the first entry. */
  rewind(): void {
    this.p = this.headerBytes;
  }

  /** Decodes the next entry (open() has validated them all). */
  read(): void {
    this.step(0);
  }

  /** Decodes the entry at p, checking its bounds, and moves p past it. */
  protected abstract step(at: number): void;

  protected corrupt(what: string, at: number): RdbParseError {
    return new RdbParseError('RDB_CORRUPT', `invalid ${this.format}: ${what} (blob at byte ${at})`, at);
  }

  /** The current integer entry's value (BigInt beyond 2^53). */
  intValue(): number | bigint {
    return this.iBytes === 0 ? this.iVal : readIntLE(this.blob, this.iPos, this.iBytes);
  }

  /** The current entry as a Buffer: a view into the blob, or an integer's decimal text. */
  element(): Buffer {
    return this.isInt
      ? intBuffer(this.intValue())
      : bufferView(this.ab, this.abOff + this.sStart, this.sEnd - this.sStart);
  }

  /** The current entry as a zset score (parseScore of its text); NaN if it is not a number. */
  score(): number {
    return this.isInt ? Number(this.intValue()) : parseScoreBytes(this.blob, this.sStart, this.sEnd);
  }

  /** The current entry's text (latin1). */
  text(): string {
    return this.isInt ? String(this.intValue()) : latin1(this.blob, this.sStart, this.sEnd);
  }
}

/** Every element of `blob` read by `reader` (validated first): strings as views, integers as decimal text. */
export function packedElements(reader: PackedBlobReader, blob: Uint8Array, at: number): Buffer[] {
  const n = reader.open(blob, at);
  const out: Buffer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    reader.read();
    out[i] = reader.element();
  }
  return out;
}
