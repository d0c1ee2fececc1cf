/** Printable ASCII as is, other bytes (and `"` and `\`) as \xNN: safe to put in a one-line message. */
export function escapeBytes(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? s[i] : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** A key name for messages: quoted, escaped, shortened. */
export function quoteKey(key: Buffer): string {
  const s = key.toString('latin1');
  return `"${escapeBytes(s.length > 64 ? `${s.slice(0, 64)}...` : s)}"`;
}
