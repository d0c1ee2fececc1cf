import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Filter } from '../contracts/Filter.js';
import { ConfigError } from '../errors/errors.js';
import { TransformFilter, type TransformFunction } from './TransformFilter.js';

const EXPECTED =
  'a module whose default export (or export named "transform") is a function (entry) => entry | entry[] | null';

/**
 * Loads a transform module: a path (relative to the working directory) or a package name. Its
 * default export, or its export named `transform`, is the function. A missing module or a
 * non-function export is a ConfigError naming the path.
 */
export async function loadTransform(path: string): Promise<Filter> {
  const specifier =
    isAbsolute(path) || path.startsWith('.') || /\.[cm]?[jt]s$/.test(path)
      ? pathToFileURL(resolve(path)).href
      : path;
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT';
    throw new ConfigError(
      missing
        ? `the transform module "${path}" was not found`
        : `the transform module "${path}" failed to load: ${(error as Error).message}`,
      { hint: `expected ${EXPECTED}`, cause: error },
    );
  }
  const fn = typeof module.default === 'function' ? module.default : module.transform;
  if (typeof fn !== 'function') {
    const exports = Object.keys(module).sort();
    throw new ConfigError(
      `the transform module "${path}" exports no function (it exports ${
        exports.length > 0 ? exports.map((e) => `"${e}"`).join(', ') : 'nothing'
      })`,
      { hint: `expected ${EXPECTED}` },
    );
  }
  return new TransformFilter(fn as TransformFunction, path);
}
