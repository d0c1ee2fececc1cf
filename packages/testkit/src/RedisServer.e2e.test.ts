import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisServer } from './RedisServer.js';
import { RedisServerError } from './RedisServerError.js';
import { tmpDir } from './testUtils.js';

describe('RedisServer', () => {
  const servers: RedisServer[] = [];
  const start = async (options?: Parameters<typeof RedisServer.start>[0]) => {
    const server = await RedisServer.start(options);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('starts on a free port in a temp dir and stops, removing the dir', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).not.toBe(6379);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    const client = server.client();
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
    expect((await server.info('server')).tcp_port).toBe(String(server.port));
    expect(server.logTail()).toMatch(/Ready to accept connections/);
    expect(existsSync(server.dir)).toBe(true);

    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    expect(() => process.kill(server.pid, 0)).toThrow();
    await server.stop(); // idempotent
  });

  it('passes args and config through', async () => {
    const server = await start({ args: ['--timeout', '2'], config: { databases: '4' } });
    const client = server.client();
    expect(await client.config('GET', 'timeout')).toEqual(['timeout', '2']);
    expect(await client.config('GET', 'databases')).toEqual(['databases', '4']);
  });

  it('runs in a session of its own with ownSession, also after a restart, and stops', async () => {
    const sessionOf = (pid: number) =>
      Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[3]);
    const shared = await start();
    const own = await start({ ownSession: true });
    expect(sessionOf(shared.pid)).toBe(sessionOf(process.pid));
    expect(sessionOf(own.pid)).toBe(own.pid); // the leader of a new session
    await own.restart({ save: false });
    expect(sessionOf(own.pid)).toBe(own.pid);
    const pid = own.pid;
    await own.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('fails a crashing start with the tail of its output', async () => {
    const error = await RedisServer.start({ args: ['--no-such-option', 'x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisServerError);
    expect((error as Error).message).toMatch(/exited during start/);
    expect((error as Error).message).toMatch(/no-such-option/);
  });

  it('quotes the log when a loaded RDB file is refused', async () => {
    const dir = tmpDir();
    try {
      const bad = join(dir, 'bad.rdb');
      writeFileSync(bad, 'REDIS0099garbage');
      const error = await RedisServer.start({ rdbFile: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisServerError);
      expect((error as RedisServerError).logTail).toMatch(/Can't handle RDB format version 99/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads an rdbFile', async () => {
    const writer = await start();
    const client = writer.client();
    await client.mset('a', '1', 'b', '2');
    await client.select(3);
    await client.set('in-db3', 'x');
    await client.save();
    const reader = await start({ rdbFile: join(writer.dir, 'dump.rdb') });
    const readerClient = reader.client();
    expect(await readerClient.mget('a', 'b')).toEqual(['1', '2']);
    await readerClient.select(3);
    expect(await readerClient.get('in-db3')).toBe('x');
  });

  it('waits until a big rdbFile has finished loading', async () => {
    const writer = await start();
    const client = writer.client();
    await client.call('DEBUG', 'POPULATE', '1000000');
    await client.save();
    const reader = await start({ rdbFile: join(writer.dir, 'dump.rdb') });
    expect(await reader.client().dbsize()).toBe(1_000_000);
    expect(reader.logTail()).toMatch(/keys loaded: 1000000/);
  });

  it('requires the password when one is set', async () => {
    const server = await start({ password: 's3cret' });
    expect(server.url).toBe(`redis://:s3cret@127.0.0.1:${server.port}`);
    expect(await server.client().ping()).toBe('PONG');
    const anonymous = server.client({ password: undefined, maxRetriesPerRequest: 0 });
    anonymous.on('error', () => undefined);
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
    expect((await server.info('persistence')).loading).toBe('0');
  });
});

describe('RedisServer.restart', () => {
  it('keeps the port, the dir and (after SAVE) the data; clients reconnect', async () => {
    const server = await RedisServer.start();
    try {
      const client = server.client();
      client.on('error', () => undefined); // ECONNREFUSED while it restarts
      await client.set('kept', '1');
      const [port, pid] = [server.port, server.pid];
      await server.restart();
      expect(server.port).toBe(port);
      expect(server.pid).not.toBe(pid);
      expect(() => process.kill(pid, 0)).toThrow();
      expect(await client.get('kept')).toBe('1');
      await server.restart({ save: false });
      await client.set('lost', '1');
      await server.restart({ save: false });
      expect(await client.get('lost')).toBeNull();
      expect(await client.get('kept')).toBe('1');
    } finally {
      await server.stop();
    }
  });
});
