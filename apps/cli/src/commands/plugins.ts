import { loadPlugin } from '../plugins/loadPlugin.js';
import { PLUGIN_CATALOG } from '../plugins/pluginCatalog.js';

/** `redis-shuttle plugins`: which of the project's plugins are installed here. */
export async function runPlugins(options: { json?: boolean }): Promise<number> {
  const rows = [];
  for (const entry of PLUGIN_CATALOG) {
    let installed = true;
    let problem: string | undefined;
    try {
      await loadPlugin(entry.kind, entry.name);
    } catch (error) {
      installed = false;
      if ((error as { code?: string }).code !== 'E_PLUGIN_NOT_INSTALLED') problem = (error as Error).message;
    }
    rows.push({ ...entry, installed, ...(problem ? { problem } : {}) });
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  for (const row of rows) {
    const state = row.installed
      ? 'installed'
      : row.problem
        ? `broken: ${row.problem}`
        : `not installed (npm install ${row.packageName})`;
    process.stdout.write(
      `${row.kind.padEnd(10)} ${row.name.padEnd(10)} ${row.handles.padEnd(38)} ${state}\n`,
    );
  }
  return 0;
}
