import { assertPlugin, container, silentLogger, TOKENS } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import plugin, { PingKeepalive, pingKeepaliveConfigSchema } from './index.js';

describe('the ping keepalive plugin', () => {
  it('is a keepalive plugin of API version 1', () => {
    expect(assertPlugin({ default: plugin }, '@redis-shuttle/keepalive-ping')).toBe(plugin);
    expect(plugin).toMatchObject({ name: 'ping', kind: 'keepalive', apiVersion: 1 });
  });

  it('registers one strategy per registration (a multi-registration the composition root collects)', () => {
    const scope = container.createChildContainer();
    scope.register(TOKENS.Logger, { useValue: silentLogger });
    plugin.register(scope, pingKeepaliveConfigSchema.parse({}));
    plugin.register(scope, pingKeepaliveConfigSchema.parse({}));
    const strategies = scope.resolveAll(TOKENS.KeepaliveStrategy);
    expect(strategies).toHaveLength(2);
    expect(strategies[0]).toBeInstanceOf(PingKeepalive);
    expect(strategies[0]!.name).toBe('ping');
  });

  it('refuses unknown config keys', () => {
    expect(pingKeepaliveConfigSchema.safeParse({ interval: 5 }).success).toBe(false);
  });
});
