import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { findRedisServer, tmpDir, waitFor } from '@redis-shuttle/testkit';
import { Redis } from 'ioredis';

/**
 * A redis-server in a network namespace of its own, reached over a veth pair, so a test can cut
 * the link and leave the writer with a half-open connection (no RST, no FIN: a vanished peer).
 * Needs root (CAP_NET_ADMIN); `netnsUnavailable()` says why not when it cannot run.
 */
export class NetnsTarget {
  private constructor(
    readonly url: string,
    private readonly ns: string,
    private readonly hostVeth: string,
    private readonly server: ChildProcess,
  ) {}

  static async start(): Promise<NetnsTarget> {
    const id = `${process.pid % 10000}${Math.floor(Math.random() * 90 + 10)}`;
    const ns = `rs-vp-${id}`;
    const hostVeth = `rsh${id}`;
    const nsVeth = `rsn${id}`;
    const octet = (process.pid % 200) + 20;
    const hostIp = `10.231.${octet}.1`;
    const nsIp = `10.231.${octet}.2`;
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
    ip('netns', 'add', ns);
    try {
      ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nsVeth);
      ip('link', 'set', nsVeth, 'netns', ns);
      ip('addr', 'add', `${hostIp}/30`, 'dev', hostVeth);
      ip('link', 'set', hostVeth, 'up');
      ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsVeth);
      ip('netns', 'exec', ns, 'ip', 'link', 'set', nsVeth, 'up');
      ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    } catch (error) {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      throw error;
    }
    const dir = tmpDir('netns-target-');
    const server = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        findRedisServer(),
        '--bind',
        nsIp,
        '--port',
        '7000',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'no',
        '--dir',
        dir,
        '--logfile',
        join(dir, 'redis.log'),
      ],
      { stdio: 'ignore' },
    );
    const target = new NetnsTarget(`redis://${nsIp}:7000`, ns, hostVeth, server);
    await waitFor(
      async () => {
        const probe = new Redis(target.url, {
          lazyConnect: true,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0,
        });
        probe.on('error', () => {});
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG' || undefined;
        } catch {
          return undefined;
        } finally {
          probe.disconnect();
        }
      },
      { timeoutMs: 10_000, message: 'redis-server in the network namespace did not start' },
    ).catch(async (error) => {
      await target.stop();
      throw error;
    });
    return target;
  }

  /** Cuts the link: packets are dropped silently, both ways. */
  cut(): void {
    execFileSync('ip', ['link', 'set', this.hostVeth, 'down'], { stdio: 'pipe' });
  }

  async stop(): Promise<void> {
    this.server.kill('SIGKILL');
    execFileSync('ip', ['netns', 'pids', this.ns], { stdio: 'pipe' })
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((pid) => {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone
        }
      });
    execFileSync('ip', ['link', 'del', this.hostVeth], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', this.ns], { stdio: 'ignore' });
  }
}

/** Why network namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (CAP_NET_ADMIN) to create a network namespace';
  const probe = `rs-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot create a network namespace: ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? error}`;
  }
}
