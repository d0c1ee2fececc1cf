import { Command, CommanderError, Option } from 'commander';
import { handleError } from './errorBoundary.js';
import { cliVersion } from './version.js';

/**
 * Declares the commands and their flags; each command's module is imported only when run.
 * Returns the process exit code.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const debug = argv.includes('--debug');
  const program = new Command('redis-shuttle')
    .description(
      'Move Redis data between deployments and keep it in sync until cut-over, without losing a key.',
    )
    .version(cliVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('migrate')
    .description('Copy a source (RDB file, "-" for standard input) into a target Redis')
    .argument('<source>', 'an .rdb file, or - to read the RDB from standard input')
    .argument('<target>', 'redis://[user:password@]host:port (rediss:// for TLS)')
    .option('--json', 'print the final summary as one JSON object on the last line of standard output')
    .option('--debug', 'print stack traces and debug logs')
    .option('--log-level <level>', 'log level for the JSON log on standard error', 'warn')
    .option('--reader <name>', 'reader plugin (default: chosen from the source)')
    .option('--writer <name>', 'writer plugin (default: chosen from the target)')
    .option('--target-password-env <NAME>', 'read the target password from this environment variable')
    .option(
      '--keepalive <list>',
      'keepalive strategies for every target connection, comma-separated: ping, tcp, piggyback, or none (default: ping,tcp)',
    )
    .addOption(
      new Option('--functions <policy>', 'function libraries already on the target').choices([
        'replace',
        'skip',
        'fail',
      ]),
    )
    .option('--max-in-flight <n>', 'commands sent but not acknowledged before the writer waits', toInt)
    .addHelpText(
      'after',
      `
Examples:
  redis-shuttle migrate dump.rdb redis://127.0.0.1:6380
  redis-cli -h source --rdb - | redis-shuttle migrate - redis://:\${PASSWORD}@target:6379 --json
  REDIS_PW=secret redis-shuttle migrate dump.rdb redis://target:6379 --target-password-env REDIS_PW`,
    )
    .action(async (source: string, target: string, options) => {
      const { runMigrate } = await import('./commands/migrate.js');
      exitCode = await runMigrate(source, target, options);
    });

  program
    .command('plugins')
    .description('List the redis-shuttle plugins installed next to this CLI')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  redis-shuttle plugins')
    .action(async (options: { json?: boolean }) => {
      const { runPlugins } = await import('./commands/plugins.js');
      exitCode = await runPlugins(options);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    return handleError(error, { debug });
  }
}

function toInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive integer, got "${value}"`);
  return n;
}
