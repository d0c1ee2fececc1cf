import { readFileSync } from 'node:fs';
import { ConfigError, validateConfig } from '@redis-shuttle/core';
import { parse, TomlError } from 'smol-toml';
import { expandEnv } from './configUtils.js';
import { isRedisShakeConfig, mapRedisShakeConfig } from './redisShakeConfig.js';
import { RUN_CONFIG_EXAMPLE, type RunConfig, runConfigSchema } from './runConfigSchema.js';

export interface LoadedConfig {
  config: RunConfig;
  warnings: string[];
  /** 'shuttle' for our own format, 'redis-shake' for a RedisShake v4 file. */
  format: 'shuttle' | 'redis-shake';
}

/**
 * Reads a TOML config: our own format (unknown keys are errors) or a RedisShake v4 `shake.toml`
 * (mapped; unsupported keys are one warning). `${VAR}` is expanded from the environment.
 */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot read the config file "${path}": ${code === 'ENOENT' ? 'no such file' : code}`,
      {
        hint: 'check the path given to --config',
      },
    );
  }
  let raw: Record<string, unknown>;
  try {
    raw = parse(text) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const what = (error as Error).message.split('\n')[0];
    throw new ConfigError(`the config file "${path}" is not valid TOML${where}: ${what}`, {
      hint: `fix the syntax; a minimal file is:\n${RUN_CONFIG_EXAMPLE}`,
    });
  }
  const shake = isRedisShakeConfig(raw);
  const mapped = shake ? mapRedisShakeConfig(raw) : { config: raw, warnings: [] };
  const expanded = expandEnv(mapped.config, env);
  const config = validateConfig(runConfigSchema, expanded, '', RUN_CONFIG_EXAMPLE.replace(/\n/g, '  '));
  return { config, warnings: mapped.warnings, format: shake ? 'redis-shake' : 'shuttle' };
}
