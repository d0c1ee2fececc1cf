import { ConfigError, redactSecrets, ShuttleError, SourceError } from '@redis-shuttle/core';
import { isTransientReply } from './replicationUtils.js';

/** Turns a failure to reach or log into the source into one clear error naming it. */
export function sourceConnectError(
  error: unknown,
  endpoint: string,
  secrets: Array<string | undefined>,
): ShuttleError {
  if (error instanceof ShuttleError) return error;
  const raw = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  const code = (error as NodeJS.ErrnoException)?.code;
  const auth = authError(raw, endpoint);
  if (auth) return auth;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(raw))
    return new SourceError(
      'E_SOURCE_UNREACHABLE',
      `cannot connect to the source ${endpoint}: connection refused`,
      {
        hint: 'check the host and port; is redis-server running and listening there?',
        cause: error,
      },
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(raw))
    return new SourceError('E_SOURCE_UNREACHABLE', `cannot resolve the source host of ${endpoint}`, {
      hint: 'check the host name in the source URL',
      cause: error,
    });
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|timed out/i.test(raw))
    return new SourceError('E_SOURCE_UNREACHABLE', `connecting to the source ${endpoint} timed out`, {
      hint: 'check that the host is reachable from here (firewall, security group, VPN)',
      cause: error,
    });
  return new SourceError(
    'E_SOURCE_UNREACHABLE',
    `cannot connect to the source ${endpoint}: ${firstLine(raw)}`,
    {
      hint: 'check the source URL and that the server accepts connections from this host',
      cause: error,
    },
  );
}

/** An error reply meaning the credentials or the ACL user's rights are wrong, or undefined. */
export function authError(reply: string, endpoint: string): ShuttleError | undefined {
  if (/WRONGPASS|invalid password|invalid username-password/i.test(reply))
    return new SourceError(
      'E_SOURCE_UNREACHABLE',
      `the source ${endpoint} refused the credentials (${firstLine(reply)})`,
      {
        hint: 'check the user and password in the source URL (or the environment variable that holds the password)',
      },
    );
  if (/NOAUTH|Authentication required/i.test(reply))
    return new SourceError('E_SOURCE_UNREACHABLE', `the source ${endpoint} requires a password`, {
      hint: 'give it in the source URL (redis://[user]:PASSWORD@host:port) or with passwordEnv',
    });
  if (/no password is configured|without any password configured/i.test(reply))
    return new SourceError(
      'E_SOURCE_UNREACHABLE',
      `a password was given but the source ${endpoint} has none set`,
      {
        hint: 'remove the password from the source URL',
      },
    );
  if (/^-?NOPERM/i.test(reply))
    return new SourceError(
      'E_SOURCE_UNREACHABLE',
      `the source ${endpoint} does not let this user replicate (${firstLine(reply)})`,
      {
        hint: 'the user needs the replication commands: ACL SETUSER <user> +psync +sync +replconf +ping (and +info for progress), or use another user',
      },
    );
  return undefined;
}

/** A refusal during the replica handshake (AUTH, REPLCONF, PSYNC); `transient` when worth retrying. */
export function handshakeError(step: string, reply: string, endpoint: string): ShuttleError {
  const auth = authError(reply, endpoint);
  if (auth) return auth;
  const transient = isTransientReply(reply);
  const error = new SourceError(
    'E_SOURCE_UNREACHABLE',
    `the source ${endpoint} refused ${step}: ${firstLine(reply)}`,
    {
      hint: transient
        ? 'the source is not ready to serve replicas yet (loading, or a replica without its master); retry later'
        : 'the source must accept replicas: check its version (2.8+ for PSYNC) and that replication commands are not renamed or disabled',
    },
  );
  (error as { transient?: boolean }).transient = transient;
  return error;
}

export function clusterSourceError(endpoint: string): ShuttleError {
  return new ConfigError(
    `the source ${endpoint} is a Redis Cluster node, and cluster sources are turned off (cluster: false)`,
    {
      hint: 'a cluster source needs one replication link per master: leave "cluster" on (the default), or run one migration per master',
    },
  );
}

export function firstLine(text: string): string {
  return text.replace(/^[-+]/, '').split(/\r?\n/)[0]!.trim();
}
