import { ConfigError } from '@redis-shuttle/core';

export interface SentinelTarget {
  sentinels: Array<{ host: string; port: number }>;
  masterName: string;
  username?: string;
  password?: string;
}

/**
 * `redis-sentinel://[user:password@]host:26379[,host2:26379...]/mastername`: the Sentinels to ask
 * and the master group; user and password are the master's (Sentinels without auth).
 */
export function parseSentinelUrl(url: string): SentinelTarget | undefined {
  const match = /^redis-sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/]+)\/([^/?#]+)\/?$/i.exec(url);
  if (!/^redis-sentinel:/i.test(url)) return undefined;
  if (!match) {
    throw new ConfigError(
      `invalid Sentinel URL: expected redis-sentinel://host:port[,host:port...]/mastername`,
      {
        hint: 'for example redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/mymaster',
      },
    );
  }
  const [, user, password, hosts, masterName] = match;
  const sentinels = hosts!.split(',').map((hostPort) => {
    const colon = hostPort.lastIndexOf(':');
    const host = colon > 0 ? hostPort.slice(0, colon) : hostPort;
    const port = colon > 0 ? Number(hostPort.slice(colon + 1)) : 26379;
    if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new ConfigError(`invalid Sentinel address "${hostPort}" in the target URL`, {
        hint: 'each Sentinel is host:port, separated by commas',
      });
    }
    return { host, port };
  });
  return {
    sentinels,
    masterName: decodeURIComponent(masterName!),
    ...(user ? { username: decodeURIComponent(user) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
}
