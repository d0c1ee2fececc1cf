import type { ByteWindow } from './ByteWindow.js';
import { escapeBytes } from './messageUtils.js';
import * as C from './rdbConstants.js';
import { RdbParseError } from './RdbParseError.js';

export interface RdbHeader {
  magic: 'REDIS' | 'VALKEY';
  version: number;
}

function badMagic(found: string): RdbParseError {
  return new RdbParseError(
    'RDB_BAD_MAGIC',
    `not an RDB file: expected "REDIS" or "VALKEY" at byte 0, found "${escapeBytes(found.slice(0, 9))}"`,
    0,
  );
}

/**
 * Reads the 9-byte header (`REDIS` + 4 digits or `VALKEY` + 3 digits). Returns null if fewer than 9 bytes
 * are buffered, but reports a wrong magic as soon as the first bytes show it.
 */
export function readHeader(w: ByteWindow): RdbHeader | null {
  if (w.available < 9) {
    const got = w.view(w.pos, w.end).toString('latin1');
    if (!'REDIS'.startsWith(got.slice(0, 5)) && !'VALKEY'.startsWith(got.slice(0, 6))) throw badMagic(got);
    w.needAbs = w.base + w.pos + 9;
    return null;
  }
  const text = w.view(w.pos, w.pos + 9).toString('latin1');
  const magic = text.startsWith('REDIS') ? 'REDIS' : text.startsWith('VALKEY') ? 'VALKEY' : null;
  if (magic === null) throw badMagic(text);
  const digits = text.slice(magic.length);
  if (!/^[0-9]+$/.test(digits)) {
    throw new RdbParseError(
      'RDB_BAD_MAGIC',
      `not an RDB file: bad version digits "${escapeBytes(digits)}" at byte ${magic.length}`,
      magic.length,
    );
  }
  const version = Number.parseInt(digits, 10);
  const supported =
    magic === 'REDIS'
      ? version >= 1 && version <= C.MAX_REDIS_VERSION
      : version >= C.MIN_VALKEY_VERSION && version <= C.MAX_VALKEY_VERSION;
  if (!supported) {
    throw new RdbParseError(
      'RDB_UNSUPPORTED_VERSION',
      `unsupported RDB version ${version} (${magic} magic) at byte ${magic.length}: this parser reads REDIS 1-${C.MAX_REDIS_VERSION} and VALKEY ${C.MIN_VALKEY_VERSION}-${C.MAX_VALKEY_VERSION}`,
      magic.length,
    );
  }
  w.pos += 9;
  return { magic, version };
}
