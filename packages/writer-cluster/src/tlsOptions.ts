import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '@redis-shuttle/core';
import type { ClusterWriterConfig } from './ClusterWriterConfig.js';

/**
 * TLS options for every node connection: TLS when the URL is rediss:// or any TLS option is set.
 * The PEM files are read once, here, so a wrong path is a config error (key material is never logged).
 */
export function tlsOptions(config: Pick<ClusterWriterConfig, 'url' | 'tls'>): ConnectionOptions | undefined {
  const tls = config.tls;
  if (!tls && !/^rediss:\/\//i.test(config.url)) return undefined;
  const options: ConnectionOptions = { rejectUnauthorized: !tls?.insecure };
  for (const name of ['ca', 'cert', 'key'] as const) {
    const path = tls?.[name];
    if (!path) continue;
    try {
      options[name] = readFileSync(path);
    } catch (error) {
      throw new ConfigError(
        `cannot read the TLS ${name} file "${path}": ${(error as NodeJS.ErrnoException).code}`,
        { hint: `check the path given to --tls-${name}` },
      );
    }
  }
  if (tls?.servername) options.servername = tls.servername;
  return options;
}
