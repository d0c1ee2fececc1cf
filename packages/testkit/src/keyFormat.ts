/**
 * A key name for humans: JSON-quoted; valid UTF-8 stays readable, other bytes become `\xNN`.
 */
export function formatKey(key: Buffer): string {
  const text = key.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(key)) return JSON.stringify(text);
  let out = '"';
  for (const byte of key) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}
