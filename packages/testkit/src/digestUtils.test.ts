import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combineNodeDigests, DB0_MIX, EMPTY_DIGEST, xorHex } from './digestUtils.js';

describe('digestUtils', () => {
  it('DB0_MIX is SHA1(SHA1(htonl(0))), not SHA1 of twenty zero bytes', () => {
    const sha1 = (b: Buffer) => createHash('sha1').update(b).digest();
    expect(DB0_MIX).toBe(sha1(sha1(Buffer.alloc(4))).toString('hex'));
    expect(DB0_MIX).toBe('aa3098f3aae94baac14e3b8b8dcae989af93f6a2');
    expect(DB0_MIX).not.toBe(sha1(Buffer.alloc(20)).toString('hex'));
  });

  it('xors hex digests', () => {
    expect(xorHex('ff'.repeat(20), '0f'.repeat(20))).toBe('f0'.repeat(20));
    expect(xorHex()).toBe(EMPTY_DIGEST);
  });

  it('ignores empty nodes and corrects for an even number of non-empty ones', () => {
    const a = '11'.repeat(20);
    const b = '22'.repeat(20);
    expect(combineNodeDigests([EMPTY_DIGEST, EMPTY_DIGEST])).toBe(EMPTY_DIGEST);
    expect(combineNodeDigests([a, EMPTY_DIGEST])).toBe(a);
    expect(combineNodeDigests([a, b, EMPTY_DIGEST])).toBe(xorHex(a, b, DB0_MIX));
    expect(combineNodeDigests([a, b, a])).toBe(b);
  });
});
