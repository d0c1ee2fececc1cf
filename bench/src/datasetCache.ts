import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GeneratedDataset, generateDataset } from './generateDataset.js';
import { DATASET_SEED, DATASET_VERSION, type ScaleSpec } from './scales.js';

/** The cached dataset of one scale: its RDB and what it holds. */
export interface Dataset extends GeneratedDataset {
  version: number;
  seed: number;
  scale: string;
  rdbPath: string;
  generatedAt: string;
}

/** Where cached datasets live: `<repo>/.bench-cache/` (gitignored). */
export function cacheDir(repoRoot: string): string {
  return join(repoRoot, '.bench-cache');
}

export function cachedFile(dir: string, kind: 'dataset' | 'restore', scale: ScaleSpec, ext: string): string {
  return join(dir, `${kind}-${scale.name}-v${DATASET_VERSION}.${ext}`);
}

/**
 * The dataset of `scale`, generated (and cached) unless a cached one of this version exists.
 * `generated` says whether this call made it.
 */
export async function ensureDataset(
  repoRoot: string,
  scale: ScaleSpec,
  log: (message: string) => void,
): Promise<{ dataset: Dataset; generated: boolean }> {
  const dir = cacheDir(repoRoot);
  mkdirSync(dir, { recursive: true });
  const rdbPath = cachedFile(dir, 'dataset', scale, 'rdb');
  const metaPath = cachedFile(dir, 'dataset', scale, 'json');
  if (existsSync(rdbPath) && existsSync(metaPath)) {
    const dataset = JSON.parse(readFileSync(metaPath, 'utf8')) as Dataset;
    return { dataset: { ...dataset, rdbPath }, generated: false };
  }
  removeStale(dir, 'dataset', scale);
  removeStale(dir, 'restore', scale);
  log(
    `generating the ${scale.name} dataset (${scale.keys.toLocaleString('en-US')} keys, seed ${DATASET_SEED})...`,
  );
  const partial = `${rdbPath}.partial`;
  const generated = await generateDataset(scale, partial);
  renameSync(partial, rdbPath);
  const dataset: Dataset = {
    version: DATASET_VERSION,
    seed: DATASET_SEED,
    scale: scale.name,
    rdbPath,
    generatedAt: new Date().toISOString(),
    ...generated,
  };
  writeFileSync(metaPath, `${JSON.stringify(dataset, null, 2)}\n`);
  return { dataset, generated: true };
}

/** Removes cached files of this kind and scale: other versions, and partial files of failed runs. */
export function removeStale(dir: string, kind: 'dataset' | 'restore', scale: ScaleSpec): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${kind}-${scale.name}-`)) rmSync(join(dir, name), { force: true });
  }
}
