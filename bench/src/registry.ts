import { readdirSync } from 'node:fs';
import { BenchError } from './BenchError.js';
import type { Limit, Scenario } from './types.js';

/**
 * Every scenario in `scenarios/` and every limit in `limits/`: one module per file, named after
 * what it default-exports. Adding a scenario is adding a file.
 */
export async function loadRegistry(): Promise<{ limits: Limit[]; scenarios: Scenario[] }> {
  const [limits, scenarios] = await Promise.all([
    loadDir<Limit>('limits', isLimit),
    loadDir<Scenario>('scenarios', isScenario),
  ]);
  return { limits, scenarios };
}

async function loadDir<T extends { name: string }>(
  dir: string,
  valid: (value: unknown) => boolean,
): Promise<T[]> {
  const url = new URL(`./${dir}/`, import.meta.url);
  const files = readdirSync(url)
    .filter((file) => /\.(js|ts)$/.test(file) && !/\.(test|d)\.ts$|\.test\.js$/.test(file))
    .sort();
  const items: T[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, url).href)) as { default?: unknown };
    const item = module.default;
    const expected = file.replace(/\.(js|ts)$/, '');
    if (!valid(item) || (item as T).name !== expected) {
      throw new BenchError(`${dir}/${file} must default-export a ${dir.slice(0, -1)} named '${expected}'`);
    }
    items.push(item as T);
  }
  return items;
}

function isLimit(value: unknown): boolean {
  const v = value as Partial<Limit> | undefined;
  return typeof v?.name === 'string' && typeof v.description === 'string' && typeof v.run === 'function';
}

function isScenario(value: unknown): boolean {
  const limit = (value as Partial<Scenario> | undefined)?.limit;
  return isLimit(value) && (limit === undefined || typeof limit === 'string');
}
