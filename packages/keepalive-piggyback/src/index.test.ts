import { assertPlugin, container, silentLogger, TOKENS } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import plugin, { PiggybackKeepalive, piggybackKeepaliveConfigSchema } from './index.js';

describe('the piggyback keepalive plugin', () => {
  it('is a keepalive plugin of API version 1', () => {
    expect(assertPlugin({ default: plugin }, '@redis-shuttle/keepalive-piggyback')).toBe(plugin);
    expect(plugin).toMatchObject({ name: 'piggyback', kind: 'keepalive', apiVersion: 1 });
  });

  it('registers one strategy per registration (a multi-registration the composition root collects)', () => {
    const scope = container.createChildContainer();
    scope.register(TOKENS.Logger, { useValue: silentLogger });
    plugin.register(scope, piggybackKeepaliveConfigSchema.parse({}));
    plugin.register(scope, piggybackKeepaliveConfigSchema.parse({}));
    const strategies = scope.resolveAll(TOKENS.KeepaliveStrategy);
    expect(strategies).toHaveLength(2);
    expect(strategies[0]).toBeInstanceOf(PiggybackKeepalive);
    expect(strategies[0]!.name).toBe('piggyback');
  });

  it('refuses unknown config keys', () => {
    expect(piggybackKeepaliveConfigSchema.safeParse({ interval: 5 }).success).toBe(false);
  });
});
