import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';

export type PluginKind = 'reader' | 'writer' | 'keepalive' | 'filter';

/** The plugin API version this core implements. A plugin built for another is refused. */
export const PLUGIN_API_VERSION = 1;

/**
 * A plugin is a plain typed object, default-exported by its package. It declares what it
 * contributes and registers it in the child container the composition root gives it.
 */
export interface ShuttlePlugin<Config = unknown> {
  /** Short name, e.g. `rdb` for `@redis-shuttle/reader-rdb`. */
  name: string;
  kind: PluginKind;
  apiVersion: typeof PLUGIN_API_VERSION;
  /** Validates this plugin's config section; descriptions and defaults document it. */
  configSchema: z.ZodType<Config>;
  /** Whether this plugin handles an endpoint (a source for readers, a target for writers). */
  supports?(endpoint: string): boolean;
  /** Registers the plugin's services (e.g. `TOKENS.Writer`) in the container. */
  register(container: DependencyContainer, config: Config): void;
}

export function definePlugin<Config>(plugin: ShuttlePlugin<Config>): ShuttlePlugin<Config> {
  return plugin;
}
