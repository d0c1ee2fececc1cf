import { SourceError } from '@redis-shuttle/core';

export interface ManifestEntry {
  file: string;
  seq: number;
  type: 'b' | 'h' | 'i';
}

/**
 * Parses a Redis 7 multi-part AOF manifest (`appendonly.aof.manifest`): one line per file,
 * `file <name> seq <n> type <b|h|i>` (keys in any order, values optionally quoted), `#` comments.
 * Returns the files to load in order: the base (if any) then the incr files; history files are skipped.
 */
export function parseManifest(text: string, manifestPath: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  const lines = text.split('\n');
  const complete = lines.pop() === '';
  if (!complete) lines.push(text.slice(text.lastIndexOf('\n') + 1));
  lines.forEach((raw, index) => {
    // As Redis's aofLoadManifestFromFile: comments first, then every line must be complete and not blank.
    if (raw.startsWith('#')) return;
    if (!complete && index === lines.length - 1)
      invalid(manifestPath, index + 1, 'the last line does not end with a newline');
    const line = raw.trim();
    if (line === '') invalid(manifestPath, index + 1, 'a blank line');
    const args = splitArgs(line, manifestPath, index + 1);
    if (args.length < 6 || args.length % 2 !== 0)
      invalid(
        manifestPath,
        index + 1,
        `expected "file <name> seq <n> type <b|h|i>", found ${JSON.stringify(line)}`,
      );
    const fields = new Map<string, string>();
    for (let i = 0; i < args.length; i += 2) fields.set(args[i]!.toLowerCase(), args[i + 1]!);
    const file = fields.get('file');
    const seq = fields.get('seq');
    const type = fields.get('type');
    if (!file) invalid(manifestPath, index + 1, 'no file name');
    if (file.includes('/') || file.includes('\\'))
      invalid(manifestPath, index + 1, `the file ${JSON.stringify(file)} is a path, not a file name`);
    if (!seq || !/^[0-9]+$/.test(seq) || Number(seq) === 0)
      invalid(manifestPath, index + 1, `invalid seq ${JSON.stringify(seq)}`);
    if (type !== 'b' && type !== 'h' && type !== 'i')
      invalid(manifestPath, index + 1, `unknown file type ${JSON.stringify(type)} (expected b, h or i)`);
    entries.push({ file, seq: Number(seq), type });
  });
  const bases = entries.filter((e) => e.type === 'b');
  if (bases.length > 1) invalid(manifestPath, 0, `${bases.length} base files (at most one is allowed)`);
  const incrs = entries.filter((e) => e.type === 'i');
  for (let i = 1; i < incrs.length; i++) {
    if (incrs[i]!.seq <= incrs[i - 1]!.seq)
      invalid(manifestPath, 0, `incr file ${incrs[i]!.file} has a non-increasing seq ${incrs[i]!.seq}`);
  }
  if (bases.length === 0 && incrs.length === 0) invalid(manifestPath, 0, 'it lists no base and no incr file');
  return [...bases, ...incrs];
}

function invalid(manifestPath: string, line: number, why: string): never {
  throw new SourceError(
    'E_SOURCE_FORMAT',
    `invalid AOF manifest "${manifestPath}"${line > 0 ? ` at line ${line}` : ''}: ${why}`,
    { hint: 'the manifest is written by Redis 7+; check that the directory is an intact appendonlydir' },
  );
}

/** Splits a line into words like Redis's sdssplitargs: spaces separate, "..." and '...' quote. */
function splitArgs(line: string, manifestPath: string, lineNo: number): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const quote = line[i] === '"' || line[i] === "'" ? line[i] : undefined;
    let word = '';
    if (quote) {
      i++;
      for (;;) {
        if (i >= line.length) invalid(manifestPath, lineNo, 'unbalanced quotes');
        const c = line[i]!;
        if (c === quote) {
          i++;
          break;
        }
        if (c === '\\' && quote === '"' && i + 1 < line.length) {
          const n = line[i + 1]!;
          if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
            word += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          word += ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[n] ?? n;
          i += 2;
          continue;
        }
        word += c;
        i++;
      }
      if (i < line.length && !/\s/.test(line[i]!))
        invalid(manifestPath, lineNo, 'a closing quote must be followed by a space');
    } else {
      while (i < line.length && !/\s/.test(line[i]!)) word += line[i++];
    }
    args.push(word);
  }
  return args;
}
