import { createHash } from 'node:crypto';

/**
 * Combining `DEBUG DIGEST` values across the masters of a cluster.
 *
 * Redis's computeDatasetDigest (src/debug.c) starts from 20 zero bytes and, for each
 * non-empty db j, "mixes" in the db id: `final = SHA1(final XOR SHA1(htonl(j)))`; then it
 * XORs in one digest per key. A cluster node only has db 0, so a non-empty node's digest is
 * `DB0_MIX XOR (xor of its keys' digests)` with `DB0_MIX = SHA1(SHA1(00 00 00 00))`, and an
 * empty node's digest is 40 zeros. XORing the masters' digests therefore yields the digest of
 * one server holding all their keys, except that DB0_MIX cancels out when an even number of
 * non-empty masters are combined: then it has to be XORed back in once.
 */

export const EMPTY_DIGEST = '0'.repeat(40);

/** `SHA1(SHA1(htonl(0)))`: what mixing db 0 into an all-zero digest gives (aa3098f3…). */
export const DB0_MIX = sha1(sha1(Buffer.alloc(4))).toString('hex');

/** XOR of hex digests of equal length. */
export function xorHex(...digests: string[]): string {
  const out = Buffer.alloc(20);
  for (const digest of digests) {
    const bytes = Buffer.from(digest, 'hex');
    for (let i = 0; i < out.length; i++) out[i] ^= bytes[i] ?? 0;
  }
  return out.toString('hex');
}

/** The digest a single server holding the keys of all these db-0-only nodes would report. */
export function combineNodeDigests(digests: string[]): string {
  const nonEmpty = digests.filter((digest) => digest !== EMPTY_DIGEST);
  const combined = xorHex(...nonEmpty);
  return nonEmpty.length > 0 && nonEmpty.length % 2 === 0 ? xorHex(combined, DB0_MIX) : combined;
}

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}
