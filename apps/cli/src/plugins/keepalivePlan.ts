import { isShuttleError, type Logger } from '@redis-shuttle/core';
import type { PluginPart } from '../compose.js';
import { loadPlugin } from './loadPlugin.js';

/** What runs when the user names no strategy: PING on idle connections, plus TCP keepalive. */
export const DEFAULT_KEEPALIVE = ['ping', 'tcp'];

/**
 * Loads the keepalive strategies for a run. `none` means no strategy. A strategy the user asked
 * for must be installed; a default one that is not installed is skipped with a warning.
 */
export async function keepalivePlan(
  list: string[] | undefined,
  options: Record<string, Record<string, unknown>>,
  logger: Logger,
  warnings: string[],
): Promise<PluginPart[]> {
  const explicit = list !== undefined;
  const names = explicit ? list.filter(Boolean) : DEFAULT_KEEPALIVE;
  if (names.length === 1 && names[0] === 'none') return [];
  const parts: PluginPart[] = [];
  for (const name of names) {
    try {
      const plugin = await loadPlugin('keepalive', name);
      parts.push({ plugin, config: options[plugin.name] ?? {} });
    } catch (error) {
      if (explicit || !isShuttleError(error) || error.code !== 'E_PLUGIN_NOT_INSTALLED') throw error;
      const warning = `default keepalive strategy "${name}" is not installed, running without it (${error.message.replace(/^.*— /, '')})`;
      logger.warn({ strategy: name }, warning);
      warnings.push(warning);
    }
  }
  return parts;
}

/** Kernel probes carry no data, so they do not reset a Redis server's own idle `timeout`. */
export function tcpOnlyWarning(names: string[], idleTimeout: number | undefined): string | undefined {
  if (names.length !== 1 || names[0] !== 'tcp' || !idleTimeout) return undefined;
  return `the target closes idle clients after ${idleTimeout} s (timeout) and TCP keepalive probes do not reset it: add "ping" or "piggyback" to --keepalive`;
}
