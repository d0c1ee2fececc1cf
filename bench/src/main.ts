import { fileURLToPath } from 'node:url';
import { compareDeployments, RedisServer } from '@redis-shuttle/testkit';
import { BenchError, VerificationError } from './BenchError.js';
import { buildRestoreFile } from './buildRestoreFile.js';
import { parseArgs, USAGE } from './cliArgs.js';
import { cacheDir, cachedFile, ensureDataset } from './datasetCache.js';
import { describeMachine, loadAverage, machineInfo } from './machineInfo.js';
import { loadRegistry } from './registry.js';
import { runNotes, summarize, textTable } from './reportUtils.js';
import { type ContextBase, runBench } from './runBench.js';
import { SCALES } from './scales.js';
import { selectItems } from './selectItems.js';
import { countsDiffer, keyCounts, OWN_SESSION } from './serverUtils.js';
import { datasetLine, writeResults } from './writeResults.js';

/** The composition root of `npm run bench`: dataset, source server, limits and scenarios, table. */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) return print(USAGE, 0);
  const registry = await loadRegistry();
  if (args.list) {
    const lines = [...registry.limits.map((l) => `[limit] ${l.name}: ${l.description}`)];
    for (const s of registry.scenarios)
      lines.push(`${s.name} (vs ${s.limit ?? 'no limit'}): ${s.description}`);
    return print(lines.join('\n'), 0);
  }
  const selected = selectItems(registry, args.only);
  const scale = SCALES[args.scale];
  const runs = args.runs ?? scale.defaultRuns;
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const machine = machineInfo();
  log(`machine: ${describeMachine(machine)}`);

  const started = performance.now();
  const { dataset, generated } = await ensureDataset(repoRoot, scale, log);
  const generationSeconds = generated ? (performance.now() - started) / 1000 : null;
  if (generated) {
    log(
      `dataset generated in ${generationSeconds!.toFixed(1)} s (fill ${dataset.fillSeconds.toFixed(1)} s, SAVE ${dataset.saveSeconds.toFixed(1)} s)`,
    );
  }
  log(`dataset: ${datasetLine(dataset)}`);

  const source = await RedisServer.start({
    ...OWN_SESSION,
    rdbFile: dataset.rdbPath,
    startTimeoutMs: 600_000,
  });
  let restoreFileSeconds: number | null = null;
  let rows: Awaited<ReturnType<typeof runBench>>;
  try {
    const difference = countsDiffer(dataset.keysPerDb, await keyCounts(source));
    if (difference)
      throw new BenchError(`the cached RDB does not hold the dataset (${difference}): delete .bench-cache/`);
    let restoreFile: Promise<{ path: string; bytes: number; built: boolean }> | undefined;
    const base: ContextBase = {
      scale,
      repoRoot,
      dataset,
      source,
      log,
      restoreFile: () => {
        restoreFile ??= timed(
          () =>
            buildRestoreFile(
              source,
              dataset.keysPerDb,
              cachedFile(cacheDir(repoRoot), 'restore', scale, 'resp'),
            ),
          (seconds, built) => {
            if (built.built) restoreFileSeconds = seconds;
            const how = built.built ? `built in ${seconds.toFixed(1)} s` : 'cached';
            log(`RESTORE file: ${(built.bytes / 1e6).toFixed(1)} MB (${how})`);
          },
        );
        return restoreFile;
      },
      verify: async (target, what) => {
        const result = await compareDeployments(source, target, { maxReportedDifferences: 10 });
        if (!result.equal) {
          throw new VerificationError(
            `${what}: the target differs from the source:\n  ${result.differences.join('\n  ')}`,
          );
        }
      },
    };
    rows = await runBench(selected, base, runs);
  } finally {
    await source.stop();
  }

  const summary = summarize(rows);
  const loadAverageAtEnd = loadAverage();
  const totalSeconds = (performance.now() - started) / 1000;
  const { rdbPath: _, ...datasetFacts } = dataset;
  const dir = writeResults(repoRoot, {
    finishedAt: new Date().toISOString(),
    scale: scale.name,
    runsPerItem: runs,
    machine,
    dataset: datasetFacts,
    timings: { totalSeconds, generationSeconds, restoreFileSeconds },
    loadAverageAtEnd,
    summary,
    runs: rows,
  });
  const header = [
    `machine: ${describeMachine(machine)}, ${loadAverageAtEnd} at the end`,
    `dataset: ${datasetLine(datasetFacts)}`,
    `${scale.name} scale, ${runs} run${runs === 1 ? '' : 's'} each; MB/s = MB of the RDB per second; ratio = keys/s ÷ the limit's keys/s`,
  ];
  const notes = runNotes(rows).map((note) => `- ${note}\n`);
  process.stdout.write(
    `\n${header.join('\n')}\n\n${textTable(summary)}\n\n${notes.length > 0 ? `${notes.join('')}\n` : ''}`,
  );
  log(
    `total ${totalSeconds.toFixed(1)} s${generated ? ' (including dataset generation)' : ''}; results in ${dir}/latest.{json,md}`,
  );

  const failed = rows.filter((row) => row.error !== undefined);
  if (failed.length === 0) return 0;
  process.stderr.write('\nBENCH FAILED:\n');
  for (const row of failed) {
    process.stderr.write(
      `- ${row.name}: ${row.differs ? 'MIGRATED TARGET DIFFERS FROM THE SOURCE. ' : ''}${row.error}\n`,
    );
  }
  return 1;
}

async function timed<T>(work: () => Promise<T>, done: (seconds: number, result: T) => void): Promise<T> {
  const started = performance.now();
  const result = await work();
  done((performance.now() - started) / 1000, result);
  return result;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function print(text: string, code: number): number {
  process.stdout.write(`${text}\n`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof BenchError) && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
