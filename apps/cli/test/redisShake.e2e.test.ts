import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareDeployments,
  fillEveryType,
  RedisCluster,
  RedisServer,
  tmpDir,
  waitFor,
} from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli } from './runCli.js';

/** A RedisShake v4 shake.toml as its users write it, with one reader section. */
function shakeToml(reader: string, writerAddress: string, cluster = false): string {
  return `${reader}

[redis_writer]
cluster = ${cluster}
sentinel = false
master = ""
address = "${writerAddress}"
username = ""
password = ""
tls = false
off_reply = false

[filter]
allow_keys = []
allow_key_prefix = []
block_keys = []
block_key_prefix = []

[advanced]
dir = "data"
ncpu = 0
pprof_port = 0
status_port = 0
log_file = ""
log_level = "warn"
log_interval = 5
rdb_restore_command_behavior = "rewrite"
pipeline_count_limit = 1024
target_redis_client_max_querybuf_len = 1024_000_000
target_redis_proto_max_bulk_len = 512_000_000
aws_psync = ""
empty_db_before_sync = false
`;
}

describe('RedisShake v4 configs, one per reader and one for a cluster writer', () => {
  let source: RedisServer;
  let dir: string;
  beforeAll(async () => {
    source = await RedisServer.start({ config: { appendonly: 'yes', appenddirname: 'appendonlydir' } });
    await fillEveryType(source.client(), { dbs: [0, 1] });
    await source.client().save();
    dir = tmpDir('shake');
  });
  afterAll(async () => {
    await source?.stop();
  });

  async function runShake(name: string, toml: string): Promise<Record<string, unknown>> {
    const path = join(dir, `${name}.toml`);
    writeFileSync(path, toml);
    const result = await runCli(['migrate', '--config', path, '--json']);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([]);
    expect(result.code).toBe(0);
    return lastJsonLine(result.stdout);
  }

  it('[sync_reader] (sync_aof = false: a snapshot over PSYNC)', async () => {
    const target = await RedisServer.start();
    try {
      const summary = await runShake(
        'sync',
        shakeToml(
          `[sync_reader]\ncluster = false\naddress = "127.0.0.1:${source.port}"\nusername = ""\npassword = ""\ntls = false\nsync_rdb = true\nsync_aof = false\nprefer_replica = false\ntry_diskless = false`,
          `127.0.0.1:${target.port}`,
        ),
      );
      expect(summary.status).toBe('completed');
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      await target.stop();
    }
  });

  it('[scan_reader]', async () => {
    const target = await RedisServer.start();
    try {
      await runShake(
        'scan',
        shakeToml(
          `[scan_reader]\ncluster = false\naddress = "127.0.0.1:${source.port}"\nusername = ""\npassword = ""\ntls = false\ndbs = []\nscan = true\nksn = false\ncount = 100`,
          `127.0.0.1:${target.port}`,
        ),
      );
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      await target.stop();
    }
  });

  it('[aof_reader] (the source server’s own appendonlydir)', async () => {
    const target = await RedisServer.start();
    try {
      await source.client().call('BGREWRITEAOF');
      await waitFor(
        async () => (await source.info('persistence')).aof_rewrite_in_progress === '0' || undefined,
        {
          timeoutMs: 10_000,
        },
      );
      await runShake(
        'aof',
        shakeToml(
          `[aof_reader]\nfilepath = "${join(source.dir, 'appendonlydir')}"\ntimestamp = 0`,
          `127.0.0.1:${target.port}`,
        ),
      );
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      await target.stop();
    }
  });

  it('[rdb_reader] into a cluster ([redis_writer] cluster = true)', async () => {
    const single = await RedisServer.start();
    const cluster = await RedisCluster.start({ masters: 3 });
    try {
      await fillEveryType(single.client(), { dbs: [0] });
      await single.client().save();
      const summary = await runShake(
        'cluster',
        shakeToml(
          `[rdb_reader]\nfilepath = "${join(single.dir, 'dump.rdb')}"`,
          `${cluster.masters[0]!.host}:${cluster.masters[0]!.port}`,
          true,
        ),
      );
      expect(summary.status).toBe('completed');
      expect((await compareDeployments(single, cluster)).equal).toBe(true);
    } finally {
      await cluster.stop();
      await single.stop();
    }
  });
});
