import { type ByteWindow, STR_INT, STR_LZF } from './ByteWindow.js';
import { lzfDecompressPrefix } from './lzfUtils.js';
import * as C from './rdbConstants.js';

const ZIPLIST = 0;
const LISTPACK = 1;
const INTSET = 2;
const ZIPMAP = 3;
/** Header bytes needed to tell whether a blob holds no element, per blob kind. */
const HEADER_BYTES = [11, 7, 8, 2];

/**
 * Whether a walked value holds no elements: redis-server skips such keys when it loads an RDB (rdb.c
 * rdbLoadObject, `goto emptykey`) and RESTORE refuses them ("Bad data format"). Streams, strings and
 * module values are never empty. `w` is positioned at the value body, which is fully buffered.
 *
 * HOT PATH (raw mode), kept cheap: it reads the element count of a collection, or the count in a blob's
 * header (a compressed blob is LZF-decompressed only as far as its first 11 bytes), and for a quicklist
 * it stops at the first node that holds an element, so it nearly always looks at one node header.
 */
export function isEmptyValue(w: ByteWindow, type: number): boolean {
  switch (type) {
    case C.T_LIST:
    case C.T_SET:
    case C.T_ZSET:
    case C.T_ZSET_2:
    case C.T_HASH:
    case C.T_HASH_METADATA_PRE_GA:
      return w.readLen() === 0;
    case C.T_HASH_METADATA:
      w.skip(8);
      return w.readLen() === 0;
    case C.T_LIST_QUICKLIST:
    case C.T_LIST_QUICKLIST_2: {
      const nodes = w.readLen();
      for (let i = 0; i < nodes; i++) {
        if (type === C.T_LIST_QUICKLIST_2 && w.readLen() === 1) return false; // a plain node: one element
        if (!isEmptyBlob(w, type === C.T_LIST_QUICKLIST ? ZIPLIST : LISTPACK)) return false;
      }
      return true;
    }
    case C.T_HASH_ZIPMAP:
      return isEmptyBlob(w, ZIPMAP);
    case C.T_LIST_ZIPLIST:
    case C.T_ZSET_ZIPLIST:
    case C.T_HASH_ZIPLIST:
      return isEmptyBlob(w, ZIPLIST);
    case C.T_SET_INTSET:
      return isEmptyBlob(w, INTSET);
    case C.T_HASH_LISTPACK:
    case C.T_ZSET_LISTPACK:
    case C.T_SET_LISTPACK:
    case C.T_HASH_LISTPACK_EX_PRE_GA:
      return isEmptyBlob(w, LISTPACK);
    case C.T_HASH_LISTPACK_EX:
      w.skip(8);
      return isEmptyBlob(w, LISTPACK);
    default:
      return false;
  }
}

/** Reads one blob string and tells from its header whether it holds no element (moves past it). */
function isEmptyBlob(w: ByteWindow, kind: number): boolean {
  w.readStringHeader();
  if (w.strKind === STR_INT) return false;
  const p = w.pos;
  w.skip(w.strLen);
  const want = HEADER_BYTES[kind]!;
  let h: Uint8Array | null;
  if (w.strKind === STR_LZF) h = lzfDecompressPrefix(w.buf, p, p + w.strLen, Math.min(want, w.strULen));
  else h = w.view(p, p + Math.min(want, w.strLen));
  // A malformed blob is not called empty: the server (or decoded mode) reports it.
  if (h === null || h.length < want) return false;
  switch (kind) {
    case ZIPLIST: {
      const count = h[8]! | (h[9]! << 8);
      return count === 65535 ? h[10] === 0xff : count === 0;
    }
    case LISTPACK: {
      const count = h[4]! | (h[5]! << 8);
      return count === 65535 ? h[6] === 0xff : count === 0;
    }
    case INTSET:
      return (h[4]! | h[5]! | h[6]! | h[7]!) === 0;
    default:
      // zipmap: a count byte (254+: unknown), then the first entry or the 0xff end marker.
      return h[0]! < 254 ? h[0] === 0 : h[1] === 0xff;
  }
}
