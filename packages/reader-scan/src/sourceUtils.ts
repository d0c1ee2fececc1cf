import { ConfigError, redactUrl, SourceError } from '@redis-shuttle/core';
import { Redis } from 'ioredis';
import type { ScanReaderConfig } from './ScanReaderConfig.js';

/** What the reader needs to know about the source server. */
export interface SourceFacts {
  version: string;
  /** `[major, minor]` of redis_version. */
  major: number;
  minor: number;
  cluster: boolean;
  /** Keys per db from INFO keyspace. */
  keyspace: Map<number, number>;
}

/** `scan+redis://…` or `redis://…` → the URL ioredis takes. */
export function redisUrl(url: string): string {
  return url.replace(/^scan\+/i, '');
}

/** The password from `passwordEnv`, then `password`; undefined keeps the one in the URL. */
export function sourcePassword(config: ScanReaderConfig): string | undefined {
  if (config.passwordEnv) {
    const value = process.env[config.passwordEnv];
    if (value === undefined) {
      throw new ConfigError(
        `the environment variable ${config.passwordEnv} (passwordEnv of the scan reader) is not set`,
        {
          hint: `export ${config.passwordEnv}=<source password>, or drop passwordEnv`,
        },
      );
    }
    return value;
  }
  return config.password;
}

/** Opens a connection to the source; a refusal becomes one clear SourceError without secrets. */
export async function connectSource(config: ScanReaderConfig, name: string): Promise<Redis> {
  const url = redisUrl(config.url);
  const password = sourcePassword(config);
  const client = new Redis(url, {
    ...(password !== undefined ? { password } : {}),
    lazyConnect: true,
    connectionName: name,
    connectTimeout: config.connectTimeoutMs,
    enableReadyCheck: true,
    maxRetriesPerRequest: 3,
    retryStrategy: (attempt) => (attempt > 10 ? null : Math.min(attempt * 200, 2_000)),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw unreachable(config, error);
  }
  return client;
}

export function unreachable(config: ScanReaderConfig, error: unknown): SourceError {
  const secret = sourcePassword(config);
  let message = (error as Error)?.message ?? String(error);
  if (secret) message = message.split(secret).join('***');
  const auth = /WRONGPASS|NOAUTH|invalid password|invalid username/i.test(message);
  return new SourceError(
    'E_SOURCE_UNREACHABLE',
    `cannot read the source ${redactUrl(config.url)}: ${message}`,
    {
      hint: auth
        ? 'check the user and password (passwordEnv names the variable holding it)'
        : 'check the host, port, TLS (rediss://) and that the server is up',
      cause: error,
    },
  );
}

export async function sourceFacts(client: Redis): Promise<SourceFacts> {
  const info = parseInfo(await client.info());
  const version = info.get('redis_version') ?? '0.0.0';
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const keyspace = new Map<number, number>();
  for (const [field, value] of info) {
    const db = /^db(\d+)$/.exec(field);
    const keys = /keys=(\d+)/.exec(value);
    if (db && keys) keyspace.set(Number(db[1]), Number(keys[1]));
  }
  return { version, major, minor, cluster: info.get('cluster_enabled') === '1', keyspace };
}

function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}
