import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDeployments, RedisServer, tmpDir } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
const LIST = 2_000_000;
const STRING = 300 * MiB;
const BULK_LIMIT = 64 * MiB;

interface Summary {
  status: string;
  keys: number;
  keysByCommands: number;
  reader: { skipped: number };
}
const CLI = fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url));

/** Peak RSS (VmHWM) of a process, or 0 once it is gone. */
function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs `redis-shuttle migrate <rdb> <url> --json` and polls its peak RSS until it exits. */
function migrateWithCli(rdb: string, url: string): Promise<{ code: number; summary: string; peak: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'migrate', rdb, url, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const poll = setInterval(() => (peak = Math.max(peak, peakRss(child.pid!))), 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0)
        reject(new Error(`migrate exited with ${code}: ${stdout.slice(-3000)} ${stderr.slice(-3000)}`));
      else resolve({ code: code ?? -1, summary: stdout.trim().split('\n').at(-1)!, peak });
    });
  });
}

/** A server holding small keys and the given big ones, and its RDB file. */
async function sourceWith(dir: string, fill: (client: ReturnType<RedisServer['client']>) => Promise<void>) {
  const server = await RedisServer.start();
  const client = server.client();
  await client.set('small:string', 'hello');
  await client.rpush('small:list', 'a', 'b', 'c');
  await client.hset('small:hash', 'f1', 'v1', 'f2', 'v2');
  await client.zadd('small:zset', 1, 'x', 2, 'y');
  await client.set('small:ttl', 'soon', 'PX', 3_600_000);
  await fill(client);
  await client.save();
  const rdb = join(dir, `${server.port}.rdb`);
  copyFileSync(join(server.dir, 'dump.rdb'), rdb);
  return { server, rdb };
}

/**
 * Keys bigger than maxPayloadBytes (32 MiB by default) migrate through the CLI as type commands in
 * pieces, the others as RESTORE, and the CLI process stays under 300 MB of peak RSS. Values are
 * random (so stored plain, not LZF-compressed, in the file: a list of 2 000 000 short elements such as
 * "element:N" takes 14 MB compressed, small enough for one RESTORE).
 */
describe('huge keys migrate with bounded memory', () => {
  const dir = tmpDir('reader-rdb-huge-');
  const servers: RedisServer[] = [];

  afterAll(async () => {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a 2 000 000-element list (84 MB in the file) and a 64 MiB string, into a target with proto-max-bulk-len 64mb', () => {
    let source: RedisServer;
    let target: RedisServer;
    let peak = 0;
    let result: Summary;

    beforeAll(async () => {
      const made = await sourceWith(dir, async (client) => {
        for (let i = 0; i < LIST; i += 10_000) {
          await client.rpush(
            'big:list',
            ...Array.from({ length: 10_000 }, () => randomBytes(20).toString('hex')),
          );
        }
        // The largest string such a target can hold (APPEND refuses more); its RESTORE payload is too big.
        for (let i = 0; i < BULK_LIMIT; i += 8 * MiB) await client.append('big:string', randomBytes(8 * MiB));
      });
      source = made.server;
      target = await RedisServer.start({ args: ['--proto-max-bulk-len', '64mb'] });
      servers.push(source, target);
      const run = await migrateWithCli(made.rdb, target.url);
      peak = run.peak;
      result = JSON.parse(run.summary) as Summary;
      console.info(`2M-element list + 64 MiB string: CLI peak RSS ${(peak / MiB).toFixed(0)} MiB`);
    }, 600_000);

    it('migrates them equal, the big keys by commands', async () => {
      expect(result.status).toBe('completed');
      expect(result.keys).toBe(7);
      expect(result.keysByCommands).toBe(2);
      expect(result.reader.skipped).toBe(0);
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
      expect(await target.client().strlen('big:string')).toBe(BULK_LIMIT);
      expect(await target.client().llen('big:list')).toBe(LIST);
    }, 120_000);

    it('keeps the CLI process under 300 MB of peak RSS', () => {
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThan(300 * 1000 * 1000);
    });
  });

  describe('a 300 MiB string, into a target with the default proto-max-bulk-len', () => {
    let source: RedisServer;
    let target: RedisServer;
    let peak = 0;
    let result: Summary;

    beforeAll(async () => {
      const made = await sourceWith(dir, async (client) => {
        for (let i = 0; i < STRING; i += 8 * MiB) await client.append('big:string', randomBytes(8 * MiB));
      });
      source = made.server;
      target = await RedisServer.start();
      servers.push(source, target);
      const run = await migrateWithCli(made.rdb, target.url);
      peak = run.peak;
      result = JSON.parse(run.summary) as Summary;
      console.info(`300 MiB string: CLI peak RSS ${(peak / MiB).toFixed(0)} MiB`);
    }, 600_000);

    it('migrates it equal, by commands', async () => {
      expect(result.status).toBe('completed');
      expect(result.keys).toBe(6);
      expect(result.keysByCommands).toBe(1);
      const comparison = await compareDeployments(source, target);
      expect(comparison.differences).toEqual([]);
      expect(comparison.equal).toBe(true);
    }, 120_000);

    it('keeps the CLI process under 300 MB of peak RSS', () => {
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThan(300 * 1000 * 1000);
    });
  });
});
