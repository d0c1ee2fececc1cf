export { RdbParser } from './RdbParser.js';
export { MAX_DECODED_PUSH_BYTES, parseRdb } from './parseRdb.js';
export { RdbParseError, type RdbErrorCode } from './RdbParseError.js';
export { crc64, Crc64 } from './crc64Utils.js';
export {
  buildDumpPayload,
  dumpFooter,
  dumpPayloadVersion,
  setDumpPayloadVersion,
  verifyDumpPayload,
} from './dumpPayloadUtils.js';
export { lzfDecompress } from './lzfUtils.js';
export { moduleNameFromId } from './moduleUtils.js';
export type { ValueTypeName } from './rdbConstants.js';
export type * from './types.js';
