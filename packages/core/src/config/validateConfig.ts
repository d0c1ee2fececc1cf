import type { z } from 'zod';
import { ConfigError } from '../errors/errors.js';

export interface ConfigIssue {
  /** Dotted key path, e.g. `writer.pipeline.maxInFlight`. */
  path: string;
  message: string;
}

/**
 * Validates one config section at the boundary. Every problem names the key path and what was
 * expected; `example` shows a valid setting. Throws a ConfigError listing all of them.
 */
export function validateConfig<T>(
  schema: z.ZodType<T>,
  value: unknown,
  section: string,
  example?: string,
): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => ({
    path: [section, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more: ${issues
          .slice(1)
          .map((i) => i.path)
          .join(', ')})`
      : '';
  throw new ConfigError(`invalid config at "${first?.path}": ${first?.message}${more}`, {
    hint: example ? `for example: ${example}` : undefined,
  });
}
