import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Redis, type RedisOptions } from 'ioredis';
import { redactUrl } from '@redis-shuttle/core';
import type { SyncReaderConfig } from './SyncReaderConfig.js';

/** Where and how to reach the source, parsed once from the config. */
export interface SourceAddress {
  host: string;
  port: number;
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
  /** `host:port`, safe for messages. */
  endpoint: string;
  /** Every secret that must never appear in output. */
  secrets: Array<string | undefined>;
}

export function parseSource(config: SyncReaderConfig): SourceAddress {
  const url = new URL(config.url);
  const inUrl = url.password ? decodeURIComponent(url.password) : undefined;
  const fromEnv = config.passwordEnv ? process.env[config.passwordEnv] : undefined;
  const password = config.password ?? fromEnv ?? inUrl;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = url.port ? Number(url.port) : 6379;
  return {
    host,
    port,
    tls: /^rediss:/i.test(config.url),
    username,
    password,
    endpoint: redactUrl(`${host}:${port}`),
    secrets: [password, inUrl, fromEnv],
  };
}

/** ioredis options for the control connection (INFO, CLUSTER NODES), never the replication link. */
export function controlOptions(source: SourceAddress, config: SyncReaderConfig): RedisOptions {
  return {
    host: source.host,
    port: source.port,
    ...(source.username ? { username: source.username } : {}),
    ...(source.password ? { password: source.password } : {}),
    ...(source.tls
      ? { tls: { rejectUnauthorized: config.tlsRejectUnauthorized, servername: source.host } }
      : {}),
    connectTimeout: config.connectTimeoutMs,
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 1,
  };
}

/**
 * Opens a control connection that fails fast (no retries), for the checks before the run. It
 * sends AUTH itself, so a refusal comes back as the server's reply (ioredis would only say
 * "Connection is closed").
 */
export async function openProbe(source: SourceAddress, config: SyncReaderConfig): Promise<Redis> {
  const { password, username, ...options } = controlOptions(source, config);
  const client = new Redis({ ...options, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  let reason: unknown;
  client.on('error', (error) => {
    reason ??= error;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw reason ?? error;
  }
  try {
    if (password) await (username ? client.call('AUTH', username, password) : client.call('AUTH', password));
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  }
}

/** `INFO` text into a field → value record. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** Opens the raw socket of a replication link (TCP, or TLS for rediss://). */
export function openSocket(source: SourceAddress, config: SyncReaderConfig): Promise<Socket> {
  const { host, port, tls } = source;
  return new Promise((resolve, reject) => {
    const socket = tls
      ? tlsConnect({ host, port, servername: host, rejectUnauthorized: config.tlsRejectUnauthorized })
      : netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
    }, config.connectTimeoutMs);
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', onError);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      resolve(socket);
    });
  });
}
