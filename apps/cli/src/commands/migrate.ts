import {
  ConfigError,
  createFilters,
  isShuttleError,
  loadTransform,
  WrongPluginError,
} from '@redis-shuttle/core';
import { type ComposedRun, composeRun } from '../compose.js';
import { loadConfig } from '../config/loadConfig.js';
import { type MigrateFlags, type RunSettings, runSettings } from '../config/runSettings.js';
import { createLogger } from '../logger.js';
import { confirm } from '../output/confirm.js';
import { ProgressLine } from '../output/ProgressLine.js';
import { ProgressLog } from '../output/ProgressLog.js';
import { formatSummary, jsonSummary } from '../output/summaryFormat.js';
import { keepalivePlan, tcpOnlyWarning } from '../plugins/keepalivePlan.js';
import { loadPlugin } from '../plugins/loadPlugin.js';
import { pluginConfig, unknownOptionError } from '../plugins/pluginConfig.js';
import { readerFor, writerFor } from '../plugins/pluginCatalog.js';
import { StatusServer } from '../status/StatusServer.js';

/** `redis-shuttle migrate [source] [target]`: settle the settings, compose, connect, run, report. */
export async function runMigrate(
  source: string | undefined,
  target: string | undefined,
  flags: MigrateFlags,
) {
  const loaded = flags.config ? loadConfig(flags.config) : undefined;
  const settings = runSettings(source, target, flags, loaded?.config);
  const logger = createLogger(settings.log.level, settings.log.file);
  const warnings = [...(loaded?.warnings ?? [])];
  for (const warning of warnings) logger.warn({}, warning);
  if (settings.target.options.flushTarget && !settings.yes) await confirmFlush(settings);

  const readerName = settings.source.reader ?? readerFor(settings.source.url);
  let writerName = settings.target.writer ?? writerFor(settings.target.url);
  const keepalive = await keepalivePlan(settings.keepalive, settings.keepaliveOptions, logger, warnings);
  const readerPlugin = await loadPlugin('reader', readerName);
  const filters = createFilters(settings.filter);
  if (settings.transform) filters.push(await loadTransform(settings.transform));
  for (;;) {
    const writerPlugin = await loadPlugin('writer', writerName);
    const unknownWriterOptions: string[] = [];
    const run = composeRun({
      reader: {
        plugin: readerPlugin,
        config: pluginConfig(
          readerPlugin,
          'reader',
          settings.source.url,
          settings.readerSections[readerPlugin.name],
          settings.source.options,
        ),
      },
      writer: {
        plugin: writerPlugin,
        config: pluginConfig(
          writerPlugin,
          'writer',
          settings.target.url,
          settings.writerSections[writerPlugin.name],
          settings.target.options,
          unknownWriterOptions,
        ),
      },
      keepalive,
      pipeline: { heartbeatMs: 500, filters },
      logger,
    });
    try {
      const info = await run.writer.connect();
      const tcpOnly = tcpOnlyWarning(
        keepalive.map((k) => k.plugin.name),
        info.idleTimeout,
      );
      if (tcpOnly) warnings.push(tcpOnly);
    } catch (error) {
      await run.writer.close();
      if (error instanceof WrongPluginError && !settings.target.writer && error.pluginName !== writerName) {
        writerName = error.pluginName;
        continue;
      }
      throw error;
    }
    if (unknownWriterOptions.length > 0) {
      await run.writer.close();
      throw unknownOptionError(writerPlugin, 'writer', unknownWriterOptions[0]!);
    }
    for (const warning of warnings) run.status.warn(warning);
    return execute(run, settings, logger);
  }
}

async function execute(
  run: ComposedRun,
  settings: RunSettings,
  logger: ReturnType<typeof createLogger>,
): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) {
      process.stderr.write('\naborted: writes in flight were not all acknowledged\n');
      process.exit(130);
    }
    process.stderr.write(
      `\n${signal}: stopping; waiting for every write in flight to be acknowledged (again to abort)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const statusServer = settings.status.port === undefined ? undefined : new StatusServer(run.status);
  if (statusServer) {
    const address = await statusServer.listen(settings.status.port!, settings.status.bind);
    logger.info({ status: `http://${address.address}:${address.port}/status` }, 'serving status');
    if (process.stderr.isTTY)
      process.stderr.write(`status: http://${address.address}:${address.port}/status\n`);
  }
  const progress = process.stderr.isTTY ? new ProgressLine(run.status) : new ProgressLog(run.status, logger);
  progress.start();
  try {
    await run.pipeline.run(controller.signal);
    run.status.finish(controller.signal.aborted ? 'interrupted' : 'completed');
  } catch (error) {
    run.status.finish('failed', {
      code: isShuttleError(error) ? error.code : 'E_INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    });
    if (settings.json) process.stdout.write(`${jsonSummary(run.status.snapshot())}\n`);
    throw error;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await Promise.allSettled([run.reader.close(), run.writer.close(), statusServer?.close()]);
  }
  const summary = run.status.snapshot();
  process.stdout.write(settings.json ? `${jsonSummary(summary)}\n` : formatSummary(summary));
  return 0;
}

async function confirmFlush(settings: RunSettings): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new ConfigError('--flush-target empties the target and needs a confirmation', {
      hint: 'add --yes to confirm when running without a terminal',
    });
  }
  const ok = await confirm(
    `Empty the target ${settings.target.url.replace(/\/\/[^@/]*@/, '//')} before writing? [y/N] `,
  );
  if (!ok)
    throw new ConfigError('the target was not emptied: stopped before writing', {
      hint: 'run without --flush-target',
    });
}
