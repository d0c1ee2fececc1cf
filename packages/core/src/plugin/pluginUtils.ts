import { ShuttleError } from '../errors/ShuttleError.js';
import { PLUGIN_API_VERSION, type ShuttlePlugin } from './ShuttlePlugin.js';

const KINDS = new Set(['reader', 'writer', 'keepalive', 'filter']);

/** Checks that a loaded module's default export is a plugin of this core's API. */
export function assertPlugin(value: unknown, from: string): ShuttlePlugin {
  const plugin = (value as { default?: unknown })?.default ?? value;
  const p = plugin as Partial<ShuttlePlugin>;
  const problems: string[] = [];
  if (!p || typeof p !== 'object') problems.push('its default export is not an object');
  else {
    if (typeof p.name !== 'string' || !p.name) problems.push('"name" is missing');
    if (!KINDS.has(p.kind as string)) problems.push(`"kind" must be one of ${[...KINDS].join(', ')}`);
    if (p.apiVersion !== PLUGIN_API_VERSION)
      problems.push(
        `"apiVersion" is ${String(p.apiVersion)}, this redis-shuttle implements ${PLUGIN_API_VERSION}`,
      );
    if (typeof p.register !== 'function') problems.push('"register" is not a function');
    if (!p.configSchema || typeof (p.configSchema as { safeParse?: unknown }).safeParse !== 'function')
      problems.push('"configSchema" is not a zod schema');
  }
  if (problems.length > 0) {
    throw new ShuttleError(
      'E_PLUGIN_INVALID',
      `${from} is not a redis-shuttle plugin: ${problems.join('; ')}`,
      {
        hint: 'A plugin default-exports { name, kind, apiVersion, configSchema, register } (see @redis-shuttle/core).',
      },
    );
  }
  return plugin as ShuttlePlugin;
}
