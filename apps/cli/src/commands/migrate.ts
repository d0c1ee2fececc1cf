import { type ComposedRun, composeRun } from '../compose.js';
import { isShuttleError, WrongPluginError } from '@redis-shuttle/core';
import { createLogger } from '../logger.js';
import { ProgressLine } from '../output/ProgressLine.js';
import { formatSummary, jsonSummary } from '../output/summaryFormat.js';
import { loadPlugin } from '../plugins/loadPlugin.js';
import { keepalivePlan, tcpOnlyWarning } from '../plugins/keepalivePlan.js';
import { readerFor, writerFor } from '../plugins/pluginCatalog.js';

export interface MigrateOptions {
  json?: boolean;
  debug?: boolean;
  logLevel: string;
  reader?: string;
  writer?: string;
  targetPasswordEnv?: string;
  functions?: 'replace' | 'skip' | 'fail';
  maxInFlight?: number;
  keepalive?: string;
}

/** `redis-shuttle migrate <source> <target>`: compose the run, connect, run, report. */
export async function runMigrate(source: string, target: string, options: MigrateOptions): Promise<number> {
  const logger = createLogger(options.debug ? 'debug' : options.logLevel);
  let writerName = options.writer ?? writerFor(target);
  const readerName = options.reader ?? readerFor(source);
  const warnings: string[] = [];
  const keepalive = await keepalivePlan(options.keepalive, logger, warnings);

  for (;;) {
    const run = composeRun({
      reader: { plugin: await loadPlugin('reader', readerName), config: { path: source } },
      writer: {
        plugin: await loadPlugin('writer', writerName),
        config: {
          url: target,
          ...(options.targetPasswordEnv ? { passwordEnv: options.targetPasswordEnv } : {}),
          ...(options.functions ? { functions: options.functions } : {}),
          ...(options.maxInFlight ? { maxInFlightCommands: options.maxInFlight } : {}),
        },
      },
      keepalive,
      pipeline: { heartbeatMs: 1000, filters: [] },
      logger,
    });
    try {
      const target = await run.writer.connect();
      const tcpOnly = tcpOnlyWarning(
        keepalive.map((k) => k.plugin.name),
        target.idleTimeout,
      );
      if (tcpOnly) {
        logger.warn({ idleTimeout: target.idleTimeout }, tcpOnly);
        warnings.push(tcpOnly);
      }
      for (const warning of warnings) run.status.warn(warning);
    } catch (error) {
      await run.writer.close();
      if (error instanceof WrongPluginError && !options.writer && error.pluginName !== writerName) {
        writerName = error.pluginName;
        continue;
      }
      throw error;
    }
    return execute(run, options);
  }
}

async function execute(run: ComposedRun, options: MigrateOptions): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nstopping: finishing the writes in flight (press Ctrl-C again to abort)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = new ProgressLine(run.status);
  progress.start();
  try {
    await run.pipeline.run(controller.signal);
    run.status.finish(controller.signal.aborted ? 'interrupted' : 'completed');
  } catch (error) {
    run.status.finish('failed', {
      code: isShuttleError(error) ? error.code : 'E_INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    });
    if (options.json) process.stdout.write(`${jsonSummary(run.status.snapshot())}\n`);
    throw error;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await Promise.allSettled([run.reader.close(), run.writer.close()]);
  }
  const summary = run.status.snapshot();
  process.stdout.write(options.json ? `${jsonSummary(summary)}\n` : formatSummary(summary));
  return 0;
}
