import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tlsOptions } from './tlsOptions.js';

describe('tlsOptions', () => {
  it('is off for redis:// without options, on with system CAs for rediss://', () => {
    expect(tlsOptions({ url: 'redis://h:1' })).toBeUndefined();
    expect(tlsOptions({ url: 'rediss://h:1' })).toEqual({ rejectUnauthorized: true });
  });

  it('reads the PEM files and passes the server name', () => {
    const ca = join(tmpdir(), `writer-cluster-ca-${process.pid}.pem`);
    writeFileSync(ca, 'PEM');
    expect(
      tlsOptions({ url: 'redis://h:1', tls: { ca, servername: 'cluster.example', insecure: true } }),
    ).toEqual({ ca: Buffer.from('PEM'), servername: 'cluster.example', rejectUnauthorized: false });
  });

  it('names a file it cannot read', () => {
    expect(() => tlsOptions({ url: 'redis://h:1', tls: { cert: '/nope.pem', insecure: false } })).toThrow(
      /cannot read the TLS cert file "\/nope.pem": ENOENT/,
    );
  });
});
