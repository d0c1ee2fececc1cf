import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compareDeployments, fillEveryType, RedisServer, tmpDir, waitFor } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine } from './runCli.js';
import { startCli } from './startCli.js';

/** Writes the first half of a file, stalls, and returns a function that writes the rest. */
function feedHalf(stdin: NodeJS.WritableStream, file: Buffer): () => void {
  const half = Math.floor(file.length / 2);
  stdin.write(file.subarray(0, half));
  return () => stdin.end(file.subarray(half));
}

describe('a running migration', () => {
  let source: RedisServer;
  let dump: Buffer;
  beforeAll(async () => {
    source = await RedisServer.start();
    await fillEveryType(source.client(), { dbs: [0, 1, 15], scale: 4 });
    await source.client().save();
    dump = readFileSync(join(source.dir, 'dump.rdb'));
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('serves GET /status and GET /metrics while it runs', async () => {
    const target = await RedisServer.start();
    const cli = startCli(['migrate', '-', target.url, '--status-port', '0', '--json', '--log-level', 'info']);
    try {
      const rest = feedHalf(cli.child.stdin!, dump);
      const url = await waitFor(() => /"status":"(http:\/\/[^"]+)\/status"/.exec(cli.stderr())?.[1], {
        timeoutMs: 10_000,
        message: 'the CLI never said where it serves status',
      });
      const status = await waitFor(
        async () => {
          const s = (await (await fetch(`${url}/status`)).json()) as { keys: number; status: string };
          return s.keys > 0 ? s : undefined;
        },
        { timeoutMs: 10_000 },
      );
      expect(status).toMatchObject({ status: 'running', source: 'standard input' });
      expect(
        (status as unknown as { connections: Array<{ id: string; state: string }> }).connections[0],
      ).toMatchObject({
        id: 'target#0',
        state: 'connected',
      });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^# TYPE redis_shuttle_keys_total counter$/m);
      expect(metrics).toMatch(/^redis_shuttle_keys_total \d+$/m);
      expect(metrics).toMatch(
        /^redis_shuttle_connection_up\{id="target#0",role="target",endpoint="127\.0\.0\.1:\d+"\} 1$/m,
      );
      expect((await fetch(`${url}/nope`)).status).toBe(404);
      rest();
      const result = await cli.done;
      expect(result.code).toBe(0);
      expect(lastJsonLine(result.stdout)).toMatchObject({ status: 'completed' });
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      cli.child.kill('SIGKILL');
      await target.stop();
    }
  });

  it('shows live progress with per-connection state in a terminal', async () => {
    const target = await RedisServer.start();
    // The RDB comes through a named pipe: a terminal's line discipline would mangle binary standard input.
    const fifo = join(tmpDir('cli-pty'), 'dump.fifo');
    execFileSync('mkfifo', [fifo]);
    const cli = startCli(['migrate', fifo, target.url], { pty: true });
    try {
      const rest = feedHalf(createWriteStream(fifo), dump);
      await waitFor(() => /rdb: [\d.]+ [KM]iB, \d+ keys .*target#0 connected idle \d+s/.test(cli.stdout()), {
        timeoutMs: 10_000,
        message: 'no progress line',
      });
      const first = cli.stdout().length;
      await sleep(2200);
      expect(cli.stdout().length).toBeGreaterThan(first); // redrawn while stalled
      expect(cli.stdout().slice(first)).toMatch(
        /target#0 connected idle [1-9]\d*s keepalive ping\+tcp pings \d+/,
      );
      rest();
      const result = await cli.done;
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/migrated: \d+ keys/);
    } finally {
      cli.child.kill('SIGKILL');
      await target.stop();
    }
  });
});

describe('SIGINT during a 300,000-key migration', () => {
  it('stops reading, waits for every write in flight, prints the summary, exits 0; the target has exactly the summary keys', async () => {
    const source = await RedisServer.start();
    const target = await RedisServer.start();
    try {
      const client = source.client();
      for (let batch = 0; batch < 300; batch++) {
        const pipe = client.pipeline();
        for (let i = 0; i < 1000; i++) pipe.set(`key:${batch * 1000 + i}`, `value:${'x'.repeat(i % 200)}`);
        await pipe.exec();
      }
      await client.save();
      const cli = startCli([
        'migrate',
        join(source.dir, 'dump.rdb'),
        target.url,
        '--json',
        '--max-in-flight',
        '64',
      ]);
      await waitFor(async () => (await target.client().dbsize()) > 20_000, {
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      cli.child.kill('SIGINT');
      const result = await cli.done;
      expect(result.code).toBe(0);
      const summary = lastJsonLine(result.stdout) as { status: string; keys: number };
      expect(summary.status).toBe('interrupted');
      expect(summary.keys).toBeLessThan(300_000);
      expect(await target.client().dbsize()).toBe(summary.keys);
      expect(result.stderr).toMatch(/SIGINT: stopping; waiting for every write in flight to be acknowledged/);
    } finally {
      await Promise.all([source.stop(), target.stop()]);
    }
  });
});
