import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '@redis-shuttle/core';
import type { RedisWriterConfig } from './RedisWriterConfig.js';

/**
 * ioredis TLS options from the writer's config: TLS when the URL is rediss:// or any TLS option
 * is given. Files are read here so a wrong path is a config error, not a handshake failure.
 * Key material is never logged.
 */
export function tlsOptions(config: RedisWriterConfig): ConnectionOptions | undefined {
  const t = config.tls;
  if (!t && !/^rediss:\/\//i.test(config.url)) return undefined;
  const read = (option: 'ca' | 'cert' | 'key') => {
    const path = t?.[option];
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError(
        `cannot read the TLS ${option} file "${path}": ${(error as NodeJS.ErrnoException).code}`,
        {
          hint: `check the path given to --tls-${option}`,
        },
      );
    }
  };
  const ca = read('ca');
  const cert = read('cert');
  const key = read('key');
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(t?.servername ? { servername: t.servername } : {}),
    rejectUnauthorized: !t?.insecure,
  };
}
