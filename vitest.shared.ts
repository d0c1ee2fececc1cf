import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. SWC compiles the tests because esbuild (vitest's default)
 * emits no decorator metadata. Unit tests (`*.test.ts`) and tests against real
 * redis-server processes (`*.e2e.test.ts`) are separate projects.
 */
export function sharedConfig(options: { e2eTimeoutMs?: number } = {}) {
  const plugins = [swc.vite({ module: { type: 'es6' } })];
  return defineConfig({
    plugins,
    test: {
      pool: 'forks',
      maxWorkers: 2,
      projects: [
        {
          plugins,
          test: {
            name: 'unit',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            exclude: ['**/*.e2e.test.ts', '**/node_modules/**', '**/dist/**'],
            setupFiles: [new URL('./vitest.setup.ts', import.meta.url).pathname],
          },
        },
        {
          plugins,
          test: {
            name: 'e2e',
            include: ['src/**/*.e2e.test.ts', 'test/**/*.e2e.test.ts'],
            exclude: ['**/node_modules/**', '**/dist/**'],
            testTimeout: options.e2eTimeoutMs ?? 120_000,
            hookTimeout: 60_000,
            setupFiles: [new URL('./vitest.setup.ts', import.meta.url).pathname],
          },
        },
      ],
    },
  });
}
