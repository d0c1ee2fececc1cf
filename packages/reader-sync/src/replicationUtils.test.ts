import { describe, expect, it } from 'vitest';
import { encodeCommand, isTransientReply, parseBulkHeader, parsePsyncReply } from './replicationUtils.js';

describe('replicationUtils', () => {
  it('encodes commands as RESP arrays', () => {
    expect(encodeCommand(['REPLCONF', 'ACK', 42]).toString()).toBe(
      '*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$2\r\n42\r\n',
    );
  });

  it('parses the PSYNC replies', () => {
    const id = 'a'.repeat(40);
    expect(parsePsyncReply(`+FULLRESYNC ${id} 1234`)).toEqual({ kind: 'full', replid: id, offset: 1234 });
    expect(parsePsyncReply('+CONTINUE')).toEqual({ kind: 'continue', replid: undefined });
    expect(parsePsyncReply(`+CONTINUE ${id}`)).toEqual({ kind: 'continue', replid: id });
    expect(parsePsyncReply('-NOPERM no')).toEqual({ kind: 'error', message: 'NOPERM no' });
  });

  it('parses the bulk header of disk-based and diskless transfers', () => {
    expect(parseBulkHeader('$175')).toEqual({ size: 175 });
    const mark = 'f'.repeat(40);
    expect(parseBulkHeader(`$EOF:${mark}`)).toEqual({ mark: Buffer.from(mark) });
    expect(parseBulkHeader('$EOF:short')).toBeUndefined();
    expect(parseBulkHeader('-ERR x')).toBeUndefined();
  });

  it('tells transient refusals from final ones', () => {
    expect(isTransientReply('-LOADING Redis is loading the dataset in memory')).toBe(true);
    expect(isTransientReply("-NOMASTERLINK Can't SYNC while not connected with my master")).toBe(true);
    expect(isTransientReply('-NOPERM this user has no permissions')).toBe(false);
  });
});
