import { ConfigError, redactSecrets, SourceError } from '@redis-shuttle/core';
import { Redis } from 'ioredis';
import type { SourceAddress } from './sourceUtils.js';
import type { SyncReaderConfig } from './SyncReaderConfig.js';

/**
 * Asks a Sentinel (the address of `config.url`) where the master named `config.sentinelMaster`
 * is, and returns it as the source, with the source credentials.
 */
export async function resolveSentinelMaster(
  sentinel: SourceAddress,
  config: SyncReaderConfig,
): Promise<SourceAddress> {
  const name = config.sentinelMaster!;
  const password =
    config.sentinelPassword ??
    (config.sentinelPasswordEnv ? process.env[config.sentinelPasswordEnv] : undefined);
  const client = new Redis({
    host: sentinel.host,
    port: sentinel.port,
    ...(password ? { password } : {}),
    ...(sentinel.tls
      ? { tls: { rejectUnauthorized: config.tlsRejectUnauthorized, servername: sentinel.host } }
      : {}),
    connectTimeout: config.connectTimeoutMs,
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let reason: unknown;
  client.on('error', (error) => {
    reason ??= error;
  });
  try {
    await client.connect().catch((error: unknown) => {
      throw reason ?? error;
    });
    const reply = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string] | null;
    if (!reply) {
      throw new ConfigError(`the Sentinel at ${sentinel.endpoint} does not know a master named "${name}"`, {
        hint: 'check sentinelMaster (SENTINEL MASTERS on the Sentinel lists the names)',
      });
    }
    const [host, port] = reply;
    return { ...sentinel, host, port: Number(port), endpoint: `${host}:${port}` };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = redactSecrets((error as Error).message ?? String(error), [password, ...sentinel.secrets]);
    throw new SourceError(
      'E_SOURCE_UNREACHABLE',
      `cannot ask the Sentinel at ${sentinel.endpoint} for "${name}": ${message}`,
      {
        hint: 'check the Sentinel address in the source URL (and sentinelPasswordEnv when it has a password)',
        cause: error,
      },
    );
  } finally {
    client.disconnect();
  }
}
