import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: Array<string | number>): Buffer {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return Buffer.from(out);
}

export type PsyncReply =
  | { kind: 'full'; replid: string; offset: number }
  | { kind: 'continue'; replid: string | undefined }
  | { kind: 'error'; message: string };

/** Parses the answer to PSYNC: `+FULLRESYNC <replid> <offset>`, `+CONTINUE [<replid>]`, or an error. */
export function parsePsyncReply(line: string): PsyncReply {
  const full = /^\+FULLRESYNC ([0-9a-zA-Z]+) (\d+)\s*$/.exec(line);
  if (full) return { kind: 'full', replid: full[1]!, offset: Number(full[2]) };
  const resume = /^\+CONTINUE(?: ([0-9a-zA-Z]+))?\s*$/.exec(line);
  if (resume) return { kind: 'continue', replid: resume[1] };
  return { kind: 'error', message: line.replace(/^[-+]/, '') };
}

/** Source replies that mean "not now" (retry later), not "never". */
export function isTransientReply(line: string): boolean {
  return /^-?(LOADING|NOMASTERLINK|MASTERDOWN|BUSY|TRYAGAIN)\b|Can't SYNC while not connected|not connected with my master/i.test(
    line,
  );
}

/** The bulk header that starts an RDB transfer: `$<len>` (from a file) or `$EOF:<40-byte mark>` (diskless). */
export function parseBulkHeader(line: string): { size: number } | { mark: Buffer } | undefined {
  if (line.startsWith('$EOF:')) {
    const mark = Buffer.from(line.slice(5), 'latin1');
    return mark.length === 40 ? { mark } : undefined;
  }
  const sized = /^\$(\d+)$/.exec(line);
  return sized ? { size: Number(sized[1]) } : undefined;
}
