import { validateConfig } from '../config/validateConfig.js';
import type { Filter } from '../contracts/Filter.js';
import { ConfigError } from '../errors/errors.js';
import { CommandFilter } from './CommandFilter.js';
import { DbFilter } from './DbFilter.js';
import { DbMapFilter } from './DbMapFilter.js';
import { type FilterConfigInput, filterConfigSchema } from './filterConfig.js';
import { KeyFilter } from './KeyFilter.js';
import type { KeyPattern } from './KeyMatcher.js';

const EXAMPLE = '{ "allowKeyPrefixes": ["user:"], "blockDbs": [15], "dbMap": { "3": 0 } }';

/**
 * Builds the built-in filters from the `filter` config section, in their order: db filter, key
 * filter, command filter, db map (a transform, when configured, comes after them). Only the
 * filters with a rule are returned, so an empty config costs nothing per entry. Throws a
 * ConfigError naming the key path (e.g. `filter.allowKeyRegex[2]`) for an invalid setting.
 */
export function createFilters(input: FilterConfigInput | undefined, section = 'filter'): Filter[] {
  const config = validateConfig(filterConfigSchema, input ?? {}, section, EXAMPLE);
  const filters: Filter[] = [];
  if (config.allowDbs.length + config.blockDbs.length > 0) {
    filters.push(new DbFilter({ allowDbs: config.allowDbs, blockDbs: config.blockDbs }));
  }
  const keyRules = {
    allowKeys: config.allowKeys.map(toKey),
    allowKeyPrefixes: config.allowKeyPrefixes.map(toKey),
    allowKeySuffixes: config.allowKeySuffixes.map(toKey),
    allowKeyRegex: config.allowKeyRegex.map((source, i) => compile(source, `${section}.allowKeyRegex[${i}]`)),
    blockKeys: config.blockKeys.map(toKey),
    blockKeyPrefixes: config.blockKeyPrefixes.map(toKey),
    blockKeySuffixes: config.blockKeySuffixes.map(toKey),
    blockKeyRegex: config.blockKeyRegex.map((source, i) => compile(source, `${section}.blockKeyRegex[${i}]`)),
  };
  if (Object.values(keyRules).some((rules) => rules.length > 0)) filters.push(new KeyFilter(keyRules));
  const commandRules = {
    allowCommands: config.allowCommands,
    blockCommands: config.blockCommands,
    allowCommandGroups: config.allowCommandGroups,
    blockCommandGroups: config.blockCommandGroups,
  };
  if (Object.values(commandRules).some((rules) => rules.length > 0))
    filters.push(new CommandFilter(commandRules));
  const map = Object.entries(config.dbMap).filter(([from, to]) => Number(from) !== to);
  if (map.length > 0) filters.push(new DbMapFilter(new Map(map.map(([from, to]) => [Number(from), to]))));
  return filters;
}

function toKey(pattern: string | { base64: string }): KeyPattern {
  return typeof pattern === 'string' ? pattern : Buffer.from(pattern.base64, 'base64');
}

function compile(source: string, path: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new ConfigError(`invalid config at "${path}": ${(error as Error).message}`, {
      hint: 'write a JavaScript regular expression, e.g. "^user:[0-9]+$"',
      cause: error,
    });
  }
}
