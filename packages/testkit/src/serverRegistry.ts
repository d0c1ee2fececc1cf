import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes sure every redis-server the testkit starts is stopped: an in-process registry that
 * is killed synchronously on exit and on SIGINT/SIGTERM, plus a pid directory on disk
 * (`<tmpdir>/redis-shuttle-testkit-pids/<server pid>`) from which `reapOrphans()` kills
 * servers whose owning process died without cleaning up.
 */

interface Entry {
  pid: number;
  dir: string;
}

const running = new Map<number, Entry>();
let handlersInstalled = false;

/** Where each running server leaves a file named after its pid, holding `<owner pid>\n<temp dir>`. */
export function pidRegistryDir(): string {
  return join(tmpdir(), 'redis-shuttle-testkit-pids');
}

export function registerServer(pid: number, dir: string): void {
  installHandlers();
  running.set(pid, { pid, dir });
  mkdirSync(pidRegistryDir(), { recursive: true });
  writeFileSync(join(pidRegistryDir(), String(pid)), `${process.pid}\n${dir}\n`);
}

export function unregisterServer(pid: number): void {
  running.delete(pid);
  rmSync(join(pidRegistryDir(), String(pid)), { force: true });
}

/** Kills (SIGKILL) every server this process started and still runs, and removes their temp dirs. */
export function killAllSync(): void {
  for (const entry of [...running.values()]) {
    killQuietly(entry.pid);
    rmSync(entry.dir, { recursive: true, force: true });
    unregisterServer(entry.pid);
  }
}

/**
 * Kills servers registered on disk whose owner process is gone, and removes their temp
 * dirs and pid files. Returns the pids it killed.
 */
export function reapOrphans(): number[] {
  let names: string[];
  try {
    names = readdirSync(pidRegistryDir());
  } catch {
    return [];
  }
  const reaped: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    const file = join(pidRegistryDir(), name);
    let owner = Number.NaN;
    let dir = '';
    try {
      [owner, dir] = parseEntry(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || (Number.isInteger(owner) && isAlive(owner))) continue;
    if (isAlive(pid) && isRedisServer(pid)) {
      killQuietly(pid);
      reaped.push(pid);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
  return reaped;
}

function parseEntry(text: string): [number, string] {
  const [owner = '', dir = ''] = text.split('\n');
  return [Number(owner), dir.trim()];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Guards against pid reuse: only kill what still looks like a redis-server (where /proc tells). */
function isRedisServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return process.platform !== 'linux';
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      killAllSync();
      // Keep the signal's default behaviour (exit) unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}
