import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDeployments, fillEveryType, RedisCluster, RedisServer, tmpDir } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PACKED = [
  'packages/core',
  'packages/rdb-parser',
  'packages/reader-rdb',
  'packages/redis-connection',
  'packages/writer-redis',
  'packages/keepalive-ping',
  'apps/cli',
];

function run(cwd: string, file: string, args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('install only what you need', () => {
  let project: string;
  let source: RedisServer;
  let dump: string;

  beforeAll(async () => {
    const packs = tmpDir('packs');
    for (const dir of PACKED) {
      execFileSync('npm', ['pack', '--silent', '--pack-destination', packs], {
        cwd: join(ROOT, dir),
        stdio: 'ignore',
      });
    }
    project = tmpDir('user-project');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
    const tarballs = readdirSync(packs).map((f) => join(packs, f));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel', 'error', ...tarballs], {
      cwd: project,
      stdio: 'ignore',
    });
    source = await RedisServer.start();
    await fillEveryType(source.client(), { dbs: [0, 3] });
    await source.client().save();
    dump = join(source.dir, 'dump.rdb');
  }, 240_000);
  afterAll(async () => {
    await source?.stop();
  });

  it('migrates with only core, rdb-parser, reader-rdb, writer-redis (+ redis-connection), keepalive-ping and the CLI', async () => {
    const target = await RedisServer.start();
    try {
      const result = run(project, 'npx', ['redis-shuttle', 'migrate', dump, target.url, '--json']);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
      expect(summary.status).toBe('completed');
      // keepalive-tcp is a default strategy, not installed here: skipped with a warning
      expect(summary.warnings.join('\n')).toMatch(/default keepalive strategy "tcp" is not installed/);
      expect(summary.connections[0].keepalive).toEqual(['ping']);
      expect((await compareDeployments(source, target)).equal).toBe(true);
      const plugins = run(project, 'npx', ['redis-shuttle', 'plugins']).stdout;
      expect(plugins).toMatch(/writer\s+redis\s+.*installed/);
      expect(plugins).toMatch(
        /writer\s+cluster\s+.*not installed \(npm install @redis-shuttle\/writer-cluster\)/,
      );
    } finally {
      await target.stop();
    }
  });

  it('a cluster target there prints the install hint for the cluster writer and exits 2', async () => {
    const cluster = await RedisCluster.start({ masters: 3 });
    try {
      const result = run(project, 'npx', ['redis-shuttle', 'migrate', dump, cluster.url]);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
        'error: the writer plugin "cluster" is not installed — npm install @redis-shuttle/writer-cluster',
      ]);
    } finally {
      await cluster.stop();
    }
  });

  it('asking for a strategy that is not installed names the package', () => {
    const result = run(project, 'npx', [
      'redis-shuttle',
      'migrate',
      dump,
      'redis://127.0.0.1:1',
      '--keepalive',
      'tcp',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: the keepalive plugin "tcp" is not installed — npm install @redis-shuttle\/keepalive-tcp$/m,
    );
  });
});
