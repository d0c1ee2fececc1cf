import { exitCodeFor, isShuttleError } from '@redis-shuttle/core';

/**
 * The CLI's one error boundary: a known error prints `error: message` and its hint and exits
 * with its code's exit status; anything else is a bug and says so. Stack traces only with --debug.
 */
export function handleError(error: unknown, options: { debug: boolean }): number {
  if (isShuttleError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (options.debug) process.stderr.write(`  code: ${error.code}\n${describeCauses(error)}`);
    return exitCodeFor(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: unexpected failure: ${message}\n`);
  process.stderr.write(
    options.debug
      ? describeCauses(error)
      : '  hint: this is probably a bug in redis-shuttle; run again with --debug and report the output\n',
  );
  return 1;
}

function describeCauses(error: unknown): string {
  let out = '';
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    out += `${current instanceof Error ? current.stack : String(current)}\n`;
    current = (current as { cause?: unknown }).cause;
    if (current) out += 'caused by: ';
  }
  return out;
}
