import { describe, expect, it } from 'vitest';
import { parseInfo, parseKeyspace } from './infoUtils.js';

describe('infoUtils', () => {
  it('parses INFO fields, skipping headers and blank lines', () => {
    expect(
      parseInfo('# Persistence\r\nloading:0\r\nrdb_bgsave_in_progress:0\r\n\r\n# Other\r\nx:a:b\r\n'),
    ).toEqual({
      loading: '0',
      rdb_bgsave_in_progress: '0',
      x: 'a:b',
    });
  });

  it('reads key counts per db from INFO keyspace', () => {
    const text = '# Keyspace\r\ndb0:keys=12,expires=1,avg_ttl=0\r\ndb15:keys=3,expires=0,avg_ttl=0\r\n';
    expect(parseKeyspace(text)).toEqual({ 0: 12, 15: 3 });
    expect(parseKeyspace('# Keyspace\r\n')).toEqual({});
  });
});
