import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareDeployments, fillEveryType, RedisServer, tmpDir } from '@redis-shuttle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli } from './runCli.js';

describe('migrate --config', () => {
  let source: RedisServer;
  let dump: string;
  let dir: string;
  beforeAll(async () => {
    source = await RedisServer.start();
    await fillEveryType(source.client(), { dbs: [0, 1] });
    await source.client().save();
    dump = join(source.dir, 'dump.rdb');
    dir = tmpDir('cli-config');
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('runs from a shuttle.toml with ${ENV} secrets, plugin sections and keepalive options', async () => {
    const target = await RedisServer.start({ password: 'pw-from-env' });
    const config = join(dir, 'shuttle.toml');
    writeFileSync(
      config,
      `[source]
url = "${dump}"

[target]
url = "redis://:\${TARGET_PW}@127.0.0.1:${target.port}"

[writer.redis]
max_in_flight_commands = 64
functions = "skip"
`,
    );
    try {
      const result = await runCli(['migrate', '--config', config, '--json', '--keepalive', 'none'], {
        env: { TARGET_PW: 'pw-from-env' },
      });
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain('pw-from-env');
      expect(lastJsonLine(result.stdout)).toMatchObject({ status: 'completed' });
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      await target.stop();
    }
  });

  it('runs a RedisShake v4 shake.toml as it is, naming in one warning what has no effect', async () => {
    const target = await RedisServer.start();
    const config = join(dir, 'shake.toml');
    writeFileSync(
      config,
      `[rdb_reader]
filepath = "${dump}"

[redis_writer]
cluster = false
sentinel = false
master = ""
address = "127.0.0.1:${target.port}"
username = ""
password = ""
tls = false
off_reply = false

[filter]
allow_keys = []
block_keys = []

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
`,
    );
    try {
      const result = await runCli(['migrate', '--config', config, '--json', '--keepalive', 'none']);
      expect(result.code).toBe(0);
      const summary = lastJsonLine(result.stdout) as { warnings: string[] };
      expect(summary.warnings).toEqual([
        'RedisShake config: these keys have no effect in redis-shuttle: advanced.dir, advanced.ncpu, advanced.pprof_port, advanced.log_interval, advanced.aws_psync',
      ]);
      expect((await compareDeployments(source, target)).equal).toBe(true);
    } finally {
      await target.stop();
    }
  });

  it('an invalid config names the key, shows an example and exits 2', async () => {
    const config = join(dir, 'bad.toml');
    writeFileSync(config, '[source]\nurl = "dump.rdb"\n[target]\nurl = "redis://h:1"\nmax_in_flight = 3\n');
    const result = await runCli(['migrate', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'error: invalid config at "target": Unrecognized key: "max_in_flight"',
    );
    expect(result.stderr).toMatch(/hint: for example: \[source\]/);
  });

  it('a flag a plugin does not take is an error, not ignored', async () => {
    const result = await runCli(['migrate', dump, 'redis://127.0.0.1:1', '--mode', 'snapshot']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: the reader plugin "rdb" has no "mode" option');
  });
});
