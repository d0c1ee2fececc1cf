/** Parses an `INFO` reply into a field → value record (section headers and blank lines skipped). */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** Key counts per db from `INFO keyspace` (`db3:keys=10,expires=0,...` → `{ 3: 10 }`). */
export function parseKeyspace(text: string): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const [field, value] of Object.entries(parseInfo(text))) {
    const db = /^db(\d+)$/.exec(field);
    const keys = /(?:^|,)keys=(\d+)/.exec(value);
    if (db && keys) counts[Number(db[1])] = Number(keys[1]);
  }
  return counts;
}
