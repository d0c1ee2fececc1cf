import { describe, expect, it } from 'vitest';
import { redisWriterConfigSchema } from './RedisWriterConfig.js';

describe('redisWriterConfigSchema', () => {
  it('defaults to 16,384 commands and 16 MiB in flight (the bench figures in RedisWriterConfig.ts)', () => {
    const config = redisWriterConfigSchema.parse({ url: 'redis://127.0.0.1:6380' });
    expect(config).toMatchObject({ maxInFlightCommands: 16_384, maxInFlightBytes: 16 * 1024 * 1024 });
  });

  it('takes a smaller limit from the user', () => {
    const config = redisWriterConfigSchema.parse({ url: 'redis://127.0.0.1:6380', maxInFlightCommands: 256 });
    expect(config.maxInFlightCommands).toBe(256);
  });
});
