import { assertPlugin, container, silentLogger, TOKENS } from '@redis-shuttle/core';
import { describe, expect, it } from 'vitest';
import plugin, { TcpKeepalive, tcpKeepaliveConfigSchema } from './index.js';

describe('the tcp keepalive plugin', () => {
  it('is a keepalive plugin of API version 1', () => {
    expect(assertPlugin({ default: plugin }, '@redis-shuttle/keepalive-tcp')).toBe(plugin);
    expect(plugin).toMatchObject({ name: 'tcp', kind: 'keepalive', apiVersion: 1 });
  });

  it('registers one strategy per registration (a multi-registration the composition root collects)', () => {
    const scope = container.createChildContainer();
    scope.register(TOKENS.Logger, { useValue: silentLogger });
    plugin.register(scope, tcpKeepaliveConfigSchema.parse({}));
    plugin.register(scope, tcpKeepaliveConfigSchema.parse({}));
    const strategies = scope.resolveAll(TOKENS.KeepaliveStrategy);
    expect(strategies).toHaveLength(2);
    expect(strategies[0]).toBeInstanceOf(TcpKeepalive);
    expect(strategies[0]!.name).toBe('tcp');
  });

  it('refuses unknown config keys', () => {
    expect(tcpKeepaliveConfigSchema.safeParse({ interval: 5 }).success).toBe(false);
  });
});
