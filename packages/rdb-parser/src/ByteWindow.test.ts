import { describe, expect, it } from 'vitest';
import { ByteWindow } from './ByteWindow.js';
import { crc64 } from './crc64Utils.js';

const bytes = (n: number, seed: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('ByteWindow stitching', () => {
  it('reads a chunk in place once the bytes pending before it are consumed', () => {
    const w = new ByteWindow();
    const a = bytes(1000, 1);
    const b = bytes(500_000, 2);
    w.append(a);
    w.pos = 990; // 10 bytes of a pending
    w.commit();
    w.append(b);
    expect(w.hasStitched).toBe(true);
    expect(w.buf).not.toBe(b);
    expect(w.offset).toBe(990);
    w.pos += 20; // the pending key, ending 10 bytes into b
    w.commit();
    w.unstitch();
    expect(w.hasStitched).toBe(false);
    expect(w.buf).toBe(b);
    expect(w.offset).toBe(1010);
    expect(w.bufferedEnd).toBe(501_000);
    expect(w.u8()).toBe(b[10]);
  });

  it('appends the rest when the pending key still needs bytes from before the chunk', () => {
    const w = new ByteWindow();
    const a = bytes(1000, 3);
    const b = bytes(500_000, 4);
    w.append(a);
    w.pos = 900;
    w.commit();
    w.append(b);
    w.pos = w.end; // the key at 900 needs more than the stitched head
    w.unstitch();
    expect(w.bufferedEnd).toBe(501_000);
    expect(Buffer.from(w.buf.subarray(w.mark, w.end))).toEqual(Buffer.concat([a.subarray(900), b]));
  });

  it('does not stitch when more than 64 KiB is pending', () => {
    const w = new ByteWindow();
    w.append(bytes(100_000, 5));
    w.pos = 10;
    w.commit();
    w.append(bytes(500_000, 6));
    expect(w.hasStitched).toBe(false);
    expect(w.bufferedEnd).toBe(600_000);
  });

  it('runs the file CRC over every byte once, through stitches', () => {
    const chunks = [bytes(70_000, 7), bytes(300_000, 8), bytes(90_000, 9), bytes(400_000, 10)];
    const all = Buffer.concat(chunks);
    const w = new ByteWindow();
    for (const c of chunks) {
      w.append(c);
      while (w.hasStitched) {
        w.pos = w.end;
        w.commit();
        w.unstitch();
      }
      w.pos = w.end - 5; // a few bytes always pending
      w.commit();
    }
    w.pos = w.end;
    w.commit();
    w.crcUpTo(w.base + w.mark);
    expect(w.crcAbs).toBe(all.length);
    const out = Buffer.alloc(8);
    w.crc.writeLE(out, 0);
    expect(out.readBigUInt64LE(0)).toBe(crc64(0, all));
  });
});
