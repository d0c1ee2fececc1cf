import { compareDeployments, fillEveryType, freePort, RedisServer } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpEntries } from './dumpEntries.js';
import { makeCertificates, type TestCertificates } from './tlsCerts.js';
import { createWriter, writeAll } from './writerHarness.js';

describe('a TLS target (self-signed CA, mutual TLS)', () => {
  let certs: TestCertificates;
  let source: RedisServer;
  let target: RedisServer;
  let tlsPort: number;
  beforeAll(async () => {
    certs = makeCertificates();
    source = await RedisServer.start();
    await fillEveryType(source.client(), { dbs: [0, 1] });
    tlsPort = await freePort();
    target = await RedisServer.start({
      args: [
        '--tls-port',
        String(tlsPort),
        '--tls-cert-file',
        certs.serverCert,
        '--tls-key-file',
        certs.serverKey,
        '--tls-ca-cert-file',
        certs.ca,
        '--tls-auth-clients',
        'yes',
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('with the CA (and a client certificate) the migration works and compares equal', async () => {
    const writer = createWriter({
      url: `rediss://127.0.0.1:${tlsPort}`,
      tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
    });
    try {
      await writer.connect();
      await writeAll(writer, dumpEntries(source.client(), [0, 1]));
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      await writer.close();
    }
  });

  it('without the CA: one clear certificate error', async () => {
    const writer = createWriter({
      url: `rediss://127.0.0.1:${tlsPort}`,
      tls: { cert: certs.clientCert, key: certs.clientKey },
    });
    try {
      await expect(writer.connect()).rejects.toMatchObject({
        code: 'E_TARGET_TLS',
        message: `the TLS connection to the target 127.0.0.1:${tlsPort} failed: its certificate is signed by a CA that is not trusted here`,
        hint: expect.stringMatching(/--tls-ca FILE/),
      });
    } finally {
      await writer.close();
    }
  });

  it('a missing CA file is a config error naming the file', async () => {
    const writer = createWriter({ url: `rediss://127.0.0.1:${tlsPort}`, tls: { ca: '/nonexistent/ca.pem' } });
    await expect(writer.connect()).rejects.toMatchObject({
      code: 'E_CONFIG',
      message: 'cannot read the TLS ca file "/nonexistent/ca.pem": ENOENT',
    });
    await writer.close();
  });
});
