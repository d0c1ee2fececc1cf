import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRedisServer } from './findRedisServer.js';
import globalSetup from './globalSetup.js';
import { freePort } from './freePort.js';
import { pidRegistryDir, reapOrphans } from './serverRegistry.js';
import { tmpDir, waitFor } from './testUtils.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

async function startBareServer(): Promise<{ pid: number; dir: string }> {
  const dir = tmpDir();
  const port = await freePort();
  const child = spawn(findRedisServer(), ['--port', String(port), '--save', '', '--dir', dir], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  await waitFor(() => existsSync(`/proc/${child.pid}`) || isAlive(child.pid as number), { message: 'spawn' });
  return { pid: child.pid as number, dir };
}

describe('serverRegistry', () => {
  it('reapOrphans kills servers whose owner process is gone, and keeps the others', async () => {
    const orphan = await startBareServer();
    const owned = await startBareServer();
    mkdirSync(pidRegistryDir(), { recursive: true });
    writeFileSync(join(pidRegistryDir(), String(orphan.pid)), `${deadPid()}\n${orphan.dir}\n`);
    writeFileSync(join(pidRegistryDir(), String(owned.pid)), `${process.pid}\n${owned.dir}\n`);
    try {
      const teardown = globalSetup(); // reaps at setup
      await waitFor(() => !isAlive(orphan.pid), { message: 'the orphan to die' });
      expect(existsSync(orphan.dir)).toBe(false);
      expect(existsSync(join(pidRegistryDir(), String(orphan.pid)))).toBe(false);
      expect(isAlive(owned.pid)).toBe(true);
      expect(reapOrphans()).toEqual([]);
      teardown();
    } finally {
      process.kill(owned.pid, 'SIGKILL');
      execFileSync('rm', ['-rf', owned.dir, join(pidRegistryDir(), String(owned.pid))]);
    }
  });

  it('kills the servers of a process that exits without stopping them', async () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      const { RedisServer } = await import(${JSON.stringify(dist)});
      const server = await RedisServer.start();
      console.log(JSON.stringify({ pid: server.pid, dir: server.dir }));
      process.exit(0);
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const { pid, dir } = JSON.parse(output) as { pid: number; dir: string };
    await waitFor(() => !isAlive(pid), { timeoutMs: 2_000, message: 'the server to be killed on exit' });
    expect(existsSync(dir)).toBe(false);
  });

  it('kills the servers of a process stopped by SIGTERM, which still exits', async () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      const { RedisServer } = await import(${JSON.stringify(dist)});
      const server = await RedisServer.start();
      console.log(JSON.stringify({ pid: server.pid }));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(String(d))),
    );
    const { pid } = JSON.parse(line) as { pid: number };
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_, signal) => resolve(signal)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    await waitFor(() => !isAlive(pid), { timeoutMs: 2_000, message: 'the server to be killed on SIGTERM' });
  });
});
