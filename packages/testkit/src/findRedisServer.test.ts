import { afterEach, describe, expect, it } from 'vitest';
import { findRedisServer } from './findRedisServer.js';

describe('findRedisServer', () => {
  const saved = { bin: process.env.REDIS_SERVER_BIN, path: process.env.PATH };
  afterEach(() => {
    if (saved.bin === undefined) delete process.env.REDIS_SERVER_BIN;
    else process.env.REDIS_SERVER_BIN = saved.bin;
    process.env.PATH = saved.path;
  });

  it('prefers REDIS_SERVER_BIN', () => {
    process.env.REDIS_SERVER_BIN = process.execPath;
    expect(findRedisServer()).toBe(process.execPath);
  });

  it('rejects a REDIS_SERVER_BIN that is not executable', () => {
    process.env.REDIS_SERVER_BIN = '/no/such/redis-server';
    expect(() => findRedisServer()).toThrow(/REDIS_SERVER_BIN is set to "\/no\/such\/redis-server"/);
  });

  it('says how to install redis-server when it is not on PATH', () => {
    delete process.env.REDIS_SERVER_BIN;
    process.env.PATH = '/nonexistent';
    expect(() => findRedisServer()).toThrow(/apt-get install redis-server.*REDIS_SERVER_BIN/);
  });
});
