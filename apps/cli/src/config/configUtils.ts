import { ConfigError } from '@redis-shuttle/core';

/**
 * Replaces `${NAME}` in every string of a config tree with the environment variable's value.
 * A variable that is not set is an error naming the key, so a password never silently becomes "".
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) {
        throw new ConfigError(
          `config key "${path}" uses \${${name}}, but the environment variable ${name} is not set`,
          {
            hint: `export ${name}=... before running, or write the value in the file`,
          },
        );
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, path ? `${path}.${k}` : k)]),
    );
  }
  return value;
}

/** `max_in_flight_commands` → `maxInFlightCommands`, recursively (the plugins' schemas are camelCase). */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
        camelKeys(v),
      ]),
    );
  }
  return value;
}
