import { describe, expect, it } from 'vitest';
import { camelKeys, expandEnv } from './configUtils.js';

describe('expandEnv', () => {
  it('expands ${VAR} in nested strings', () => {
    expect(
      expandEnv({ target: { url: 'redis://:${PW}@h:1' }, list: ['${A}x'] }, { PW: 's3cret', A: 'a' }),
    ).toEqual({
      target: { url: 'redis://:s3cret@h:1' },
      list: ['ax'],
    });
  });
  it('names the key and the variable when it is not set', () => {
    expect(() => expandEnv({ target: { url: '${NOPE}' } }, {})).toThrow(
      'config key "target.url" uses ${NOPE}, but the environment variable NOPE is not set',
    );
  });
});

describe('camelKeys', () => {
  it('turns snake_case keys into camelCase, recursively', () => {
    expect(camelKeys({ max_in_flight_commands: 1, nested: { retry_for_ms: 2 } })).toEqual({
      maxInFlightCommands: 1,
      nested: { retryForMs: 2 },
    });
  });
});
