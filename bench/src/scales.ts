/** Bump when the generated data changes: cached RDB and RESP files of another version are not reused. */
export const DATASET_VERSION = 4;

/** The seed of every generated dataset. */
export const DATASET_SEED = 0x5eed_2026;

export type ScaleName = 'small' | 'full';

export interface ScaleSpec {
  name: ScaleName;
  /** Ordinary keys (the three big keys come on top). */
  keys: number;
  /** Elements of each big key (a hash, a sorted set and a list). */
  bigKeyElements: number;
  /** Runs per scenario unless `--runs` says otherwise. */
  defaultRuns: number;
}

export const SCALES: Record<ScaleName, ScaleSpec> = {
  full: { name: 'full', keys: 1_000_000, bigKeyElements: 1_000_000, defaultRuns: 2 },
  small: { name: 'small', keys: 100_000, bigKeyElements: 100_000, defaultRuns: 1 },
};

export function isScaleName(value: string): value is ScaleName {
  return value === 'small' || value === 'full';
}
