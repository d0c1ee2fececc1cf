import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertPlugin,
  type PluginKind,
  PluginNotInstalledError,
  type ShuttlePlugin,
  ShuttleError,
} from '@redis-shuttle/core';
import { pluginSpecifier } from './pluginCatalog.js';

/**
 * ESM import() takes files, not directories: a plugin directory is resolved through its
 * package.json (`exports["."]`, then `main`), as a package name would be.
 */
function moduleFile(path: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory()) return path;
  const manifest = join(path, 'package.json');
  if (!existsSync(manifest)) return join(path, 'index.js');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; main?: string };
  const root =
    typeof pkg.exports === 'object' && pkg.exports !== null
      ? (pkg.exports as Record<string, unknown>)['.']
      : pkg.exports;
  const entry =
    typeof root === 'string'
      ? root
      : ((root as { import?: string; default?: string } | undefined)?.import ??
        (root as { default?: string } | undefined)?.default ??
        pkg.main ??
        'index.js');
  return join(path, entry);
}

/**
 * Imports a plugin by package name (or path) and checks it against the plugin contract.
 * A package that is not installed gives the `npm install` line to run.
 */
export async function loadPlugin(kind: PluginKind, name: string): Promise<ShuttlePlugin> {
  const { specifier, packageName } = pluginSpecifier(kind, name);
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  const target = isPath ? pathToFileURL(moduleFile(resolve(specifier))).href : specifier;
  let module: unknown;
  try {
    module = await import(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const missingItself =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      (isPath || (error as Error).message.includes(`'${packageName}'`));
    if (missingItself && !isPath) throw new PluginNotInstalledError(kind, name, packageName);
    if (missingItself) {
      throw new ShuttleError(
        'E_PLUGIN_NOT_INSTALLED',
        `the ${kind} plugin at "${specifier}" cannot be found`,
        {
          hint: 'check the path; a plugin module is a package directory or a .js file',
        },
      );
    }
    throw new ShuttleError(
      'E_PLUGIN_INVALID',
      `the ${kind} plugin "${name}" failed to load: ${(error as Error).message}`,
      {
        hint: 'reinstall it, or run with --debug to see why',
        cause: error,
      },
    );
  }
  const plugin = assertPlugin(module, `the ${kind} plugin "${name}"`);
  if (plugin.kind !== kind) {
    throw new ShuttleError('E_PLUGIN_INVALID', `"${name}" is a ${plugin.kind} plugin, not a ${kind} plugin`, {
      hint: `pass it with --${plugin.kind} instead`,
    });
  }
  return plugin;
}
