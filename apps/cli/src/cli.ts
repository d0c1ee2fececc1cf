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
    .description(
      'Copy a source into a target Redis: an RDB file (or "-" for standard input), a live server, an AOF',
    )
    .argument(
      '[source]',
      'an .rdb file, "-" (RDB on standard input), redis://host:port (PSYNC), scan+redis://, an AOF',
    )
    .argument('[target]', 'redis://[user:password@]host:port (rediss:// for TLS)')
    .option('-c, --config <file>', 'a TOML config: ours (see README) or a RedisShake v4 shake.toml')
    .option('--json', 'print the final summary as one JSON object on the last line of standard output')
    .option('--debug', 'print stack traces and debug logs')
    .option(
      '--log-level <level>',
      'JSON log level on standard error (default: info off a terminal, warn on one)',
    )
    .option('--log-file <path>', 'write the JSON log to a file instead of standard error')
    .option(
      '--reader <name>',
      'reader plugin: short name, package name or path (default: chosen from the source)',
    )
    .option(
      '--writer <name>',
      'writer plugin: short name, package name or path (default: chosen from the target)',
    )
    .addOption(
      new Option('--mode <mode>', 'live sources: follow until stopped, or stop once caught up').choices([
        'sync',
        'snapshot',
      ]),
    )
    .option('--until <unix-seconds>', 'AOF sources: replay up to this time', toInt)
    .option('--source-password-env <NAME>', 'read the source password from this environment variable')
    .option('--source-max-ops <n>', 'SCAN sources: at most this many source commands per second', toInt)
    .option('--prefer-replica', 'live sources: replicate from a replica of the source, sparing its master')
    .option('--spool-dir <dir>', 'live sources: where the RDB and the lagging command stream are spooled')
    .option('--target-password-env <NAME>', 'read the target password from this environment variable')
    .option('--tls-ca <file>', 'target TLS: PEM file of the CA that signed its certificate')
    .option('--tls-cert <file>', 'target TLS: client certificate (PEM) for mutual TLS')
    .option('--tls-key <file>', 'target TLS: client certificate key (PEM)')
    .option('--tls-servername <name>', 'target TLS: server name (SNI) to send and verify')
    .option('--tls-insecure', 'target TLS: do not verify the certificate (tests only)')
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
    .addOption(
      new Option('--busy-key <policy>', 'keys already on the target (default: replace)').choices([
        'replace',
        'skip',
        'fail',
      ]),
    )
    .option('--flush-target', 'empty the target before writing (asks on a terminal unless --yes)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option(
      '--max-in-flight <n>',
      'commands sent but not acknowledged before the writer waits (per node on a cluster)',
      toInt,
    )
    .option(
      '--db-map <map>',
      'cluster targets: source db to target db, e.g. 3:0,5:0 (a cluster has only db 0)',
      toDbMap,
    )
    .addOption(
      new Option(
        '--cross-slot <policy>',
        'cluster targets: live multi-key commands that cannot be split',
      ).choices(['fail', 'skip']),
    )
    .option('--status-port <port>', 'serve GET /status and /metrics on this port (0 picks one)', toPort)
    .option('--status-bind <address>', 'address for --status-port', '127.0.0.1')
    .addHelpText(
      'after',
      `
Examples:
  redis-shuttle migrate dump.rdb redis://127.0.0.1:6380
  redis-cli -h source --rdb - | redis-shuttle migrate - redis://target:6379 --json
  REDIS_PW=secret redis-shuttle migrate dump.rdb redis://target:6379 --target-password-env REDIS_PW
  redis-shuttle migrate --config shuttle.toml --status-port 9121
  redis-shuttle migrate --config shake.toml          # a RedisShake v4 config, as it is

Exit codes: 0 done (also after Ctrl-C once: writes in flight are acknowledged first), 1 the run failed,
2 usage, configuration or a missing plugin, 130 interrupted twice.`,
    )
    .action(async (source: string | undefined, target: string | undefined, options) => {
      const { runMigrate } = await import('./commands/migrate.js');
      exitCode = await runMigrate(source, target, options);
    });

  program
    .command('rdb')
    .description(
      "Show an RDB file's content: JSON lines, JSON, the RESP commands that rebuild it, key names, or a summary",
    )
    .argument('<file>', 'an .rdb file, or - to read it from standard input')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['jsonl', 'json', 'resp', 'keys', 'summary'])
        .default('summary'),
    )
    .option('--debug', 'print stack traces')
    .addHelpText(
      'after',
      `
Examples:
  redis-shuttle rdb dump.rdb                          # counts by db/type/encoding, biggest keys
  redis-shuttle rdb dump.rdb --format jsonl | head    # one key per line, binary-safe
  redis-shuttle rdb dump.rdb --format resp | redis-cli --pipe
  redis-cli --rdb - | redis-shuttle rdb - --format keys`,
    )
    .action(async (file: string, options: { format: 'jsonl' | 'json' | 'resp' | 'keys' | 'summary' }) => {
      const { runRdb } = await import('./commands/rdb.js');
      exitCode = await runRdb(file, options);
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

function toDbMap(value: string): Record<string, number> {
  const map: Record<string, number> = {};
  for (const pair of value.split(',')) {
    const [from, to] = pair.split(':').map((n) => Number.parseInt(n, 10));
    if (!Number.isInteger(from) || !Number.isInteger(to) || from! < 0 || to! < 0) {
      throw new Error(`expected source:target db pairs like 3:0,5:0, got "${value}"`);
    }
    map[String(from)] = to!;
  }
  return map;
}

function toPort(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`expected a port number, got "${value}"`);
  return n;
}

function toInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive integer, got "${value}"`);
  return n;
}
