/**
 * RedisShake v4 `shake.toml` → our config. Keys with a meaning here are mapped; every other key
 * is named in one warning (RedisShake users bring their file as it is; nothing is silently dropped).
 */
export interface MappedConfig {
  config: Record<string, unknown>;
  warnings: string[];
}

type Table = Record<string, unknown>;

const READERS = ['sync_reader', 'scan_reader', 'rdb_reader', 'aof_reader'] as const;

export function isRedisShakeConfig(raw: Table): boolean {
  return READERS.some((r) => r in raw) || 'redis_writer' in raw || 'advanced' in raw;
}

export function mapRedisShakeConfig(raw: Table): MappedConfig {
  const ignored: string[] = [];
  const out: Table = { reader: {}, writer: {}, filter: {}, status: {}, log: {} };
  const take = (table: Table | undefined, name: string, handled: Record<string, (v: unknown) => void>) => {
    for (const [key, value] of Object.entries(table ?? {})) {
      const handler = handled[key];
      if (handler) handler(value);
      else ignored.push(`${name}.${key}`);
    }
  };
  const readers = READERS.filter((r) => r in raw);
  if (readers.length > 1)
    ignored.push(...readers.slice(1).map((r) => `[${r}] (only one reader: using [${readers[0]}])`));
  const reader = readers[0];
  if (reader === 'sync_reader' || reader === 'scan_reader') {
    const t = raw[reader] as Table;
    const url = redisUrl(t, reader === 'scan_reader' ? 'scan+' : '');
    const settings: Table = {};
    const common = addressKeys(t);
    take(t, reader, {
      ...common,
      cluster: () => {},
      prefer_replica: (v) => {
        if (v) settings.prefer_replica = true;
      },
      try_diskless: () => {},
      sync_rdb: (v) => {
        if (v === false) ignored.push(`${reader}.sync_rdb = false`);
      },
      sync_aof: (v) => {
        if (v === false) settings.mode = 'snapshot';
      },
      dbs: (v) => {
        if (Array.isArray(v) && v.length > 0) settings.dbs = v;
      },
      scan: (v) => {
        if (v === false) ignored.push(`${reader}.scan = false`);
      },
      ksn: (v) => {
        settings.mode = v ? 'sync' : 'snapshot';
      },
      count: (v) => {
        settings.count = v;
      },
    });
    const name = reader === 'sync_reader' ? 'sync' : 'scan';
    const { mode, ...rest } = settings;
    out.source = { url, reader: name, ...(mode ? { mode } : {}) };
    (out.reader as Table)[name] = rest;
  } else if (reader === 'rdb_reader') {
    const t = raw.rdb_reader as Table;
    take(t, reader, {
      filepath: (v) => {
        out.source = { url: String(v), reader: 'rdb' };
      },
    });
  } else if (reader === 'aof_reader') {
    const t = raw.aof_reader as Table;
    const source: Table = { reader: 'aof' };
    take(t, reader, {
      filepath: (v) => {
        source.url = String(v);
      },
      timestamp: (v) => {
        if (Number(v) > 0) source.until = Number(v);
      },
    });
    out.source = source;
  }

  const w = raw.redis_writer as Table | undefined;
  if (w) {
    const writerSettings: Table = {};
    let writer = w.cluster ? 'cluster' : 'redis';
    take(w, 'redis_writer', {
      ...addressKeys(w),
      cluster: () => {},
      sentinel: (v) => {
        if (v) ignored.push('redis_writer.sentinel (Sentinel targets are not supported yet)');
      },
      master: () => {},
      off_reply: (v) => {
        if (v) ignored.push('redis_writer.off_reply (every reply is always checked)');
      },
    });
    if (w.sentinel) writer = 'redis';
    out.target = { url: redisUrl(w, ''), writer };
    (out.writer as Table)[writer] = writerSettings;
  }

  const f = raw.filter as Table | undefined;
  const filter = out.filter as Table;
  const list = (to: string) => (v: unknown) => {
    if (Array.isArray(v) && v.length > 0) filter[to] = v;
  };
  take(f, 'filter', {
    allow_keys: list('allow_keys'),
    allow_key_prefix: list('allow_key_prefixes'),
    allow_key_suffix: list('allow_key_suffixes'),
    allow_key_regex: list('allow_key_regex'),
    block_keys: list('block_keys'),
    block_key_prefix: list('block_key_prefixes'),
    block_key_suffix: list('block_key_suffixes'),
    block_key_regex: list('block_key_regex'),
    allow_db: list('allow_dbs'),
    block_db: list('block_dbs'),
    allow_command: list('allow_commands'),
    block_command: list('block_commands'),
    allow_command_group: list('allow_command_groups'),
    block_command_group: list('block_command_groups'),
    function: (v) => {
      if (v)
        ignored.push('filter.function (Lua filters: use a transform module, `transform = "./transform.js"`)');
    },
  });

  const a = raw.advanced as Table | undefined;
  const writerName = ((out.target as Table | undefined)?.writer as string | undefined) ?? 'redis';
  const writers = out.writer as Table;
  if (!writers[writerName]) writers[writerName] = {};
  const writerSettings = writers[writerName] as Table;
  take(a, 'advanced', {
    status_port: (v) => {
      if (Number(v) > 0) (out.status as Table).port = Number(v);
    },
    log_file: (v) => {
      if (v) (out.log as Table).file = String(v);
    },
    log_level: (v) => {
      (out.log as Table).level = String(v);
    },
    rdb_restore_command_behavior: (v) => {
      writerSettings.busy_key =
        v === 'rewrite' ? 'replace' : v === 'skip' || v === 'ignore' ? 'skip' : 'fail';
    },
    pipeline_count_limit: (v) => {
      writerSettings.max_in_flight_commands = Number(v);
    },
    empty_db_before_sync: (v) => {
      if (v) writerSettings.flush_target = true;
    },
    target_redis_proto_max_bulk_len: () => {
      // discovered from the target (CONFIG GET proto-max-bulk-len)
    },
    target_redis_client_max_querybuf_len: () => {
      // the writer's in-flight byte budget stays far below any query buffer limit
    },
  });
  for (const table of Object.keys(raw)) {
    if (
      ![
        'sync_reader',
        'scan_reader',
        'rdb_reader',
        'aof_reader',
        'redis_writer',
        'filter',
        'advanced',
      ].includes(table)
    )
      ignored.push(`[${table}]`);
  }
  const warnings = ignored.length
    ? [`RedisShake config: these keys have no effect in redis-shuttle: ${ignored.join(', ')}`]
    : [];
  return { config: out, warnings };
}

function addressKeys(_t: Table): Record<string, (v: unknown) => void> {
  const noop = () => {};
  return { address: noop, username: noop, password: noop, tls: noop };
}

function redisUrl(t: Table, prefix: string): string {
  const scheme = t.tls ? 'rediss' : 'redis';
  const user = t.username ? encodeURIComponent(String(t.username)) : '';
  const password = t.password ? `:${encodeURIComponent(String(t.password))}` : '';
  const auth = user || password ? `${user}${password}@` : '';
  return `${prefix}${scheme}://${auth}${String(t.address ?? '')}`;
}
