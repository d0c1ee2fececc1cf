import { ConfigError, type ShuttlePlugin } from '@redis-shuttle/core';

/**
 * A plugin's config: its own section from the file, its endpoint (as `path` for file readers,
 * `url` otherwise: whichever key its schema has), and the options the user gave for the run.
 * An option the plugin does not take is an error rather than silently ignored; with `unknown`, it is
 * collected there instead (the writer may still change: a cluster found on connect).
 */
export function pluginConfig(
  plugin: ShuttlePlugin,
  role: string,
  endpoint: string,
  section: Record<string, unknown> | undefined,
  options: Record<string, unknown>,
  unknown?: string[],
): Record<string, unknown> {
  const keys = schemaKeys(plugin);
  const config: Record<string, unknown> = { ...section };
  if (!keys || keys.has('url') || !keys.has('path')) config.url = endpoint;
  else config.path = endpoint;
  for (const [key, value] of Object.entries(options)) {
    if (!keys || keys.has(key)) config[key] = value;
    else if (unknown) unknown.push(key);
    else {
      throw new ConfigError(`the ${role} plugin "${plugin.name}" has no "${key}" option`, {
        hint: `remove it for this ${role}; options of "${plugin.name}": ${[...keys].join(', ')}`,
      });
    }
  }
  return config;
}

function schemaKeys(plugin: ShuttlePlugin): Set<string> | undefined {
  const shape = (plugin.configSchema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? new Set(Object.keys(shape)) : undefined;
}

/** The error for an option the plugin does not take. */
export function unknownOptionError(plugin: ShuttlePlugin, role: string, key: string): ConfigError {
  const shape = (plugin.configSchema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  return new ConfigError(`the ${role} plugin "${plugin.name}" has no "${key}" option`, {
    hint: `remove it for this ${role}; options of "${plugin.name}": ${Object.keys(shape).join(', ')}`,
  });
}
