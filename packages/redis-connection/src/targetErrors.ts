import { redactSecrets, ShuttleError, TargetError } from '@redis-shuttle/core';

/** Turns a connection-time failure into one clear error naming the target. */
export function connectError(
  error: unknown,
  endpoint: string,
  secrets: Array<string | undefined>,
): ShuttleError {
  if (error instanceof ShuttleError) return error;
  const raw = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (/WRONGPASS|invalid password|invalid username-password/i.test(raw)) {
    return new TargetError(
      'E_TARGET_AUTH',
      `the target ${endpoint} refused the credentials (${firstLine(raw)})`,
      {
        hint: 'check the user and password in the target URL (or the environment variable that holds the password)',
      },
    );
  }
  if (/NOAUTH|Authentication required/i.test(raw)) {
    return new TargetError('E_TARGET_AUTH', `the target ${endpoint} requires a password`, {
      hint: 'give it in the target URL (redis://:PASSWORD@host:port) or with --target-password-env NAME',
    });
  }
  if (/ERR AUTH.*no password is configured|without any password configured/i.test(raw)) {
    return new TargetError('E_TARGET_AUTH', `a password was given but the target ${endpoint} has none set`, {
      hint: 'remove the password from the target URL',
    });
  }
  const tls = tlsProblem(code, raw);
  if (tls) {
    return new TargetError('E_TARGET_TLS', `the TLS connection to the target ${endpoint} failed: ${tls}`, {
      hint: /name|altname/i.test(tls)
        ? 'connect by the name the certificate was issued for, or set it with --tls-servername'
        : "give the CA that signed the target's certificate with --tls-ca FILE (--tls-insecure skips verification: only for tests)",
    });
  }
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(raw)) {
    return new TargetError(
      'E_TARGET_UNREACHABLE',
      `cannot connect to the target ${endpoint}: connection refused`,
      {
        hint: 'check the host and port; is redis-server running and listening there?',
      },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(raw)) {
    return new TargetError('E_TARGET_UNREACHABLE', `cannot resolve the target host of ${endpoint}`, {
      hint: 'check the host name in the target URL',
    });
  }
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|timed out/i.test(raw)) {
    return new TargetError('E_TARGET_UNREACHABLE', `connecting to the target ${endpoint} timed out`, {
      hint: 'check that the host is reachable from here (firewall, security group, VPN)',
    });
  }
  return new TargetError(
    'E_TARGET_UNREACHABLE',
    `cannot connect to the target ${endpoint}: ${firstLine(raw)}`,
    {
      hint: 'check the target URL and that the server accepts connections from this host',
    },
  );
}

/** Turns an error reply to a write into one clear error naming the key and the command. */
export function writeError(reply: string, command: string, key: Buffer | undefined): ShuttleError {
  const where = key ? ` writing key ${JSON.stringify(key.toString('latin1'))}` : '';
  if (reply.startsWith('BUSYKEY')) {
    return new TargetError(
      'E_TARGET_REJECTED',
      `the target already has${where.replace(' writing', '')} (${command})`,
      {
        hint: 'keep target keys with --busy-key skip, overwrite them with --busy-key replace, or empty the target with --flush-target',
      },
    );
  }
  if (reply.startsWith('OOM')) {
    return new TargetError(
      'E_TARGET_OOM',
      `the target is out of memory${where} (${command}): ${firstLine(reply)}`,
      {
        hint: "raise the target's maxmemory (or free memory), then run the migration again",
      },
    );
  }
  return new TargetError('E_TARGET_REJECTED', `the target rejected ${command}${where}: ${firstLine(reply)}`, {
    hint: 'see the server error above; run with --debug for details',
  });
}

/** A readable cause for a TLS failure, or undefined when the error is not about TLS. */
function tlsProblem(code: string | undefined, raw: string): string | undefined {
  const byCode: Record<string, string> = {
    SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is signed by a CA that is not trusted here',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed and not trusted here',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate cannot be verified (unknown issuer)',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate cannot be verified (unknown issuer)',
    CERT_HAS_EXPIRED: 'its certificate has expired',
    ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is not valid for this host name',
  };
  if (code && byCode[code]) return byCode[code];
  if (
    /self[- ]signed certificate|unable to verify|certificate has expired|Hostname\/IP does not match/i.test(
      raw,
    )
  )
    return firstLine(raw);
  if (/SSL routines|wrong version number|ERR_SSL|tlsv1 alert/i.test(raw))
    return `the TLS handshake failed (${firstLine(raw)})`;
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}
