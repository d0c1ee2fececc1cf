import { type ChildProcess, spawn } from 'node:child_process';
import { CLI_BIN, type CliResult } from './runCli.js';

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the CLI exits. */
  done: Promise<CliResult>;
}

/**
 * Starts the CLI and hands back the running process: the test writes its standard input (e.g. an
 * RDB in two halves with a stall between), sends it signals, and reads its output as it goes.
 * With `pty`, the CLI runs in a pseudo-terminal (util-linux `script`), as a person would run it.
 */
export function startCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; pty?: boolean } = {},
): RunningCli {
  const env = { ...process.env, ...options.env };
  const child = options.pty
    ? spawn(
        'script',
        ['-qefc', [process.execPath, CLI_BIN, ...args].map(shellQuote).join(' '), '/dev/null'],
        {
          stdio: ['pipe', 'pipe', 'pipe'],
          env: { ...env, COLUMNS: '200', LINES: '50', TERM: 'xterm' },
        },
      )
    : spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
