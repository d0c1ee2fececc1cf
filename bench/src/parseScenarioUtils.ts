import { fileURLToPath } from 'node:url';
import { VerificationError } from './BenchError.js';
import { runMeasured } from './measureProcess.js';
import { assertExitedOk, lastJsonLine } from './processUtils.js';
import type { BenchContext, RunMeasurement } from './types.js';

const WORKER = fileURLToPath(new URL('./workers/parseRdbWorker.js', import.meta.url));

/** Parses the dataset's RDB in a child process (`workers/parseRdbWorker.js`) and checks the key count. */
export async function runParseWorker(ctx: BenchContext, mode: 'raw' | 'decoded'): Promise<RunMeasurement> {
  const result = await runMeasured(process.execPath, [WORKER, ctx.dataset.rdbPath, mode]);
  assertExitedOk(`the ${mode} parser`, result);
  const parsed = lastJsonLine<{ keys: number }>(`the ${mode} parser`, result.stdout);
  if (parsed.keys !== ctx.dataset.keys) {
    throw new VerificationError(
      `the ${mode} parser found ${parsed.keys} keys, the dataset has ${ctx.dataset.keys}`,
    );
  }
  return {
    seconds: result.seconds,
    keys: parsed.keys,
    bytes: ctx.dataset.rdbBytes,
    peakRssBytes: result.peakRssBytes,
    cpuSeconds: result.cpuSeconds,
  };
}
