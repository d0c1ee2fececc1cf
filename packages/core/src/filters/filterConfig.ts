import { z } from 'zod';
import { COMMAND_GROUP_NAMES } from './commandGroups.js';

const keyPattern = z.union([
  z.string(),
  z.object({ base64: z.string().describe('the key bytes, base64-encoded') }).strict(),
]);

const keys = (description: string) => z.array(keyPattern).default([]).describe(description);
const regexes = (description: string) => z.array(z.string()).default([]).describe(description);
const dbs = (description: string) => z.array(z.number().int().min(0)).default([]).describe(description);
const names = (description: string) => z.array(z.string().min(1)).default([]).describe(description);
const groups = (description: string) =>
  z.array(z.enum(COMMAND_GROUP_NAMES)).default([]).describe(description);

/**
 * The `filter` config section. Key rules are text (UTF-8) or `{ "base64": ... }` for binary
 * keys; regexes are JavaScript regexes matched against the key's latin1 string. When any allow
 * rule of a kind is set, an entry must match one; block rules then drop.
 */
export const filterConfigSchema = z
  .object({
    allowKeys: keys('only these exact keys pass'),
    allowKeyPrefixes: keys('only keys starting with one of these pass'),
    allowKeySuffixes: keys('only keys ending with one of these pass'),
    allowKeyRegex: regexes('only keys matching one of these regexes pass, e.g. "^user:[0-9]+$"'),
    blockKeys: keys('these exact keys are dropped'),
    blockKeyPrefixes: keys('keys starting with one of these are dropped'),
    blockKeySuffixes: keys('keys ending with one of these are dropped'),
    blockKeyRegex: regexes('keys matching one of these regexes are dropped'),
    allowDbs: dbs('only entries of these dbs pass'),
    blockDbs: dbs('entries of these dbs are dropped'),
    dbMap: z
      .record(z.string().regex(/^\d+$/, 'a db number'), z.number().int().min(0))
      .default({})
      .describe('source db → target db, e.g. { "3": 0, "5": 0 }; applied after the other filters'),
    allowCommands: names('live stream: only these commands pass, e.g. ["set", "del"]'),
    blockCommands: names('live stream: these commands are dropped, e.g. ["flushall", "flushdb"]'),
    allowCommandGroups: groups('live stream: only commands of these COMMAND DOCS groups pass'),
    blockCommandGroups: groups('live stream: commands of these groups are dropped, e.g. ["scripting"]'),
  })
  .strict()
  .describe('which entries reach the target, and in which db');

/** The config as written (every field optional). */
export type FilterConfigInput = z.input<typeof filterConfigSchema>;
/** The config after validation (defaults applied). */
export type FilterConfig = z.output<typeof filterConfigSchema>;
