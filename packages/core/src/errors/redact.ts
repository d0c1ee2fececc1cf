/**
 * Removes credentials from a connection string so it can appear in logs, status and errors.
 * `redis://user:secret@host:6379/0` becomes `redis://user:***@host:6379/0`.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    if (colon === -1) return `${scheme}${userInfo ? '***' : ''}@`;
    return `${scheme}${userInfo.slice(0, colon)}:***@`;
  });
}

/** Replaces every occurrence of the given secrets in a text (used on server error messages). */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}
