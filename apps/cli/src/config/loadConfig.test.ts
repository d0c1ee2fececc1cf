import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './loadConfig.js';

let n = 0;
function file(text: string): string {
  const path = join(tmpdir(), `shuttle-config-${process.pid}-${n++}.toml`);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig: our format', () => {
  it('reads source, target, plugin sections and expands ${VAR}', () => {
    const { config, warnings, format } = loadConfig(
      file(`
[source]
url = "dump.rdb"

[target]
url = "redis://:\${PW}@127.0.0.1:6380"

[keepalive]
strategies = ["ping"]

[keepalive.ping]
interval_ms = 5000

[writer.redis]
max_in_flight_commands = 4096

[status]
port = 9121
`),
      { PW: 's3cret' },
    );
    expect(format).toBe('shuttle');
    expect(warnings).toEqual([]);
    expect(config.target.url).toBe('redis://:s3cret@127.0.0.1:6380');
    expect(config.keepalive.strategies).toEqual(['ping']);
    expect(config.keepalive.ping).toEqual({ interval_ms: 5000 });
    expect(config.writer.redis).toEqual({ max_in_flight_commands: 4096 });
    expect(config.status).toEqual({ port: 9121, bind: '127.0.0.1' });
  });

  it('rejects an unknown key, naming its path', () => {
    expect(() =>
      loadConfig(file('[source]\nurl = "a.rdb"\n[target]\nurl = "redis://h:1"\nport = 5\n')),
    ).toThrow(/invalid config at "target": Unrecognized key: "port"/);
  });

  it('names the key and the expectation for a wrong type', () => {
    expect(() => loadConfig(file('[source]\nurl = 5\n[target]\nurl = "redis://h:1"\n'))).toThrow(
      /invalid config at "source.url": .*expected string/i,
    );
  });

  it('reports TOML syntax errors with line and column', () => {
    expect(() => loadConfig(file('[source\nurl = "x"\n'))).toThrow(/not valid TOML at line 1, column \d+/);
  });

  it('names a missing environment variable', () => {
    expect(() => loadConfig(file('[source]\nurl = "a.rdb"\n[target]\nurl = "${NOPE}"\n'), {})).toThrow(
      /config key "target.url" uses \$\{NOPE\}/,
    );
  });
});

describe('loadConfig: RedisShake v4 shake.toml', () => {
  it('maps a sync_reader + redis_writer + filter + advanced config and names what has no effect', () => {
    const { config, warnings, format } = loadConfig(
      file(`
[sync_reader]
cluster = false
address = "127.0.0.1:6379"
username = ""
password = "pw"
tls = false
sync_rdb = true
sync_aof = true
prefer_replica = false
try_diskless = false

[redis_writer]
cluster = false
sentinel = false
master = ""
address = "127.0.0.1:6380"
username = "alice"
password = "secret"
tls = true
off_reply = false

[filter]
allow_keys = []
allow_key_prefix = ["user:"]
block_key_regex = [".*:tmp$"]
allow_db = [0]
block_command_group = ["scripting"]
function = ""

[advanced]
dir = "data"
ncpu = 0
pprof_port = 0
status_port = 9000
log_file = "shake.log"
log_level = "info"
log_interval = 5
rdb_restore_command_behavior = "rewrite"
pipeline_count_limit = 1024
target_redis_client_max_querybuf_len = 1024_000_000
target_redis_proto_max_bulk_len = 512_000_000
aws_psync = ""
empty_db_before_sync = true

[module]
target_mbbloom_version = 20603
`),
    );
    expect(format).toBe('redis-shake');
    expect(config.source).toEqual({ url: 'redis://:pw@127.0.0.1:6379', reader: 'sync' });
    expect(config.target).toEqual({ url: 'rediss://alice:secret@127.0.0.1:6380', writer: 'redis' });
    expect(config.filter).toEqual({
      allow_key_prefixes: ['user:'],
      block_key_regex: ['.*:tmp$'],
      allow_dbs: [0],
      block_command_groups: ['scripting'],
    });
    expect(config.writer.redis).toEqual({
      busy_key: 'replace',
      max_in_flight_commands: 1024,
      flush_target: true,
    });
    expect(config.status.port).toBe(9000);
    expect(config.log).toEqual({ file: 'shake.log', level: 'info' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /advanced\.dir, advanced\.ncpu, advanced\.pprof_port, advanced\.log_interval, advanced\.aws_psync, \[module\]/,
    );
  });

  it('maps scan_reader, rdb_reader and aof_reader, and a cluster writer', () => {
    const scan = loadConfig(
      file(
        '[scan_reader]\naddress = "10.0.0.1:6379"\ndbs = [0, 3]\nksn = true\ncount = 100\n[redis_writer]\ncluster = true\naddress = "10.0.0.2:7000"\n',
      ),
    ).config;
    expect(scan.source).toEqual({ url: 'scan+redis://10.0.0.1:6379', reader: 'scan', mode: 'sync' });
    expect(scan.reader.scan).toEqual({ dbs: [0, 3], count: 100 });
    expect(scan.target.writer).toBe('cluster');
    const rdb = loadConfig(
      file('[rdb_reader]\nfilepath = "/tmp/dump.rdb"\n[redis_writer]\naddress = "h:1"\n'),
    ).config;
    expect(rdb.source).toEqual({ url: '/tmp/dump.rdb', reader: 'rdb' });
    const aof = loadConfig(
      file(
        '[aof_reader]\nfilepath = "/data/appendonlydir"\ntimestamp = 1700000000\n[redis_writer]\naddress = "h:1"\n',
      ),
    ).config;
    expect(aof.source).toEqual({ url: '/data/appendonlydir', reader: 'aof', until: 1700000000 });
  });
});
