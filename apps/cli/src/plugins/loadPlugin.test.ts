import { describe, expect, it } from 'vitest';
import { loadPlugin } from './loadPlugin.js';

describe('loadPlugin', () => {
  it('loads an installed plugin by its short name', async () => {
    const plugin = await loadPlugin('writer', 'redis');
    expect(plugin).toMatchObject({ name: 'redis', kind: 'writer', apiVersion: 1 });
  });
  it('names the package to install when a plugin is missing', async () => {
    await expect(loadPlugin('writer', '@redis-shuttle/writer-s3')).rejects.toMatchObject({
      code: 'E_PLUGIN_NOT_INSTALLED',
      message:
        'the writer plugin "@redis-shuttle/writer-s3" is not installed — npm install @redis-shuttle/writer-s3',
    });
  });
  it('refuses a plugin of the wrong kind', async () => {
    await expect(loadPlugin('reader', '@redis-shuttle/writer-redis')).rejects.toMatchObject({
      code: 'E_PLUGIN_INVALID',
    });
  });
  it('refuses a module that is not a plugin', async () => {
    await expect(loadPlugin('writer', 'zod')).rejects.toMatchObject({ code: 'E_PLUGIN_INVALID' });
  });
});
