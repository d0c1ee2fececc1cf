import { assertPlugin, container, silentLogger, TOKENS, validateConfig } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import plugin, { ClusterWriter, clusterWriterConfigSchema } from './index.js';

describe('the cluster writer plugin', () => {
  it('is a writer plugin named cluster for redis:// and rediss:// targets', () => {
    expect(assertPlugin(plugin, '@redis-shuttle/writer-cluster')).toBe(plugin);
    expect(plugin).toMatchObject({ name: 'cluster', kind: 'writer', apiVersion: 1 });
    expect(plugin.supports?.('rediss://node:7000')).toBe(true);
    expect(plugin.supports?.('dump.rdb')).toBe(false);
  });

  it('registers a container-scoped ClusterWriter, with a logger and no keepalive by default', () => {
    const scope = container.createChildContainer();
    plugin.register(scope, clusterWriterConfigSchema.parse({ url: 'redis://127.0.0.1:7000' }));
    const writer = scope.resolve(TOKENS.Writer);
    expect(writer).toBeInstanceOf(ClusterWriter);
    expect(scope.resolve(TOKENS.Writer)).toBe(writer);
    expect(scope.resolve(TOKENS.Logger)).toBe(silentLogger);
    expect(scope.resolve(TOKENS.KeepaliveStrategies)).toEqual([]);
  });

  it('validates its config, naming the key', () => {
    const config = clusterWriterConfigSchema.parse({ url: 'redis://h:1', dbMap: { '3': 0 } });
    expect(config).toMatchObject({ crossSlot: 'fail', functions: 'replace', maxInFlightCommands: 8192 });
    expect(() =>
      validateConfig(clusterWriterConfigSchema, { url: 'redis://h:1', dbMap: { '3': 1 } }, 'writer'),
    ).toThrow(/writer\.dbMap\.3/);
    expect(() =>
      validateConfig(clusterWriterConfigSchema, { url: 'redis://h:1', crossSlot: 'split' }, 'writer'),
    ).toThrow(/writer\.crossSlot/);
  });
});
