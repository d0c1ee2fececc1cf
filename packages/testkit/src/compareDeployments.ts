import { DeploymentConnection, type KeyState } from './DeploymentConnection.js';
import {
  type Deployment,
  digestOf,
  keyCountsOf,
  type ResolvedDeployment,
  resolveDeployment,
} from './deploymentUtils.js';
import { DifferenceReport } from './DifferenceReport.js';
import { formatKey } from './keyFormat.js';

export interface CompareOptions {
  /** Only these dbs are scanned and have their key counts compared (default: every non-empty db). */
  dbs?: number[];
  /** Largest accepted difference between absolute expiry times, in ms (default 0). */
  expiryToleranceMs?: number;
  /** How many difference lines to report before summarising the rest (default 20). */
  maxReportedDifferences?: number;
}

export interface ComparisonResult {
  /** Digests equal, key counts equal, and no key differs in existence, type or expiry. */
  equal: boolean;
  /** Readable lines, e.g. `db0 "user:1": value differs`. */
  differences: string[];
  digests: { source: string; target: string };
  keyCounts: { source: Record<number, number>; target: Record<number, number> };
}

/**
 * Compares two deployments: `DEBUG DIGEST` (combined over cluster masters), key counts per db,
 * and every key's TYPE and PEXPIRETIME. When the digests differ it also finds the keys whose
 * value differs (`DEBUG DIGEST-VALUE`), and the keys only one side has.
 */
export async function compareDeployments(
  source: Deployment,
  target: Deployment,
  options: CompareOptions = {},
): Promise<ComparisonResult> {
  const [src, tgt] = await Promise.all([resolveDeployment(source), resolveDeployment(target)]);
  const [sourceDigest, targetDigest, sourceCounts, targetCounts] = await Promise.all([
    digestOf(src),
    digestOf(tgt),
    keyCountsOf(src),
    keyCountsOf(tgt),
  ]);
  const report = new DifferenceReport(options.maxReportedDifferences ?? 20);
  const digestsDiffer = sourceDigest !== targetDigest;
  const dbs =
    options.dbs ?? [...new Set([...Object.keys(sourceCounts), ...Object.keys(targetCounts)])].map(Number);
  let countsDiffer = false;
  for (const db of dbs.sort((a, b) => a - b)) {
    const [inSource, inTarget] = [sourceCounts[db] ?? 0, targetCounts[db] ?? 0];
    if (inSource !== inTarget) {
      countsDiffer = true;
      report.add(`db${db}: source has ${inSource} keys, target has ${inTarget}`);
    }
    if (inSource === 0 && inTarget === 0) continue;
    await compareDb(src, tgt, db, { digestsDiffer, countsDiffer: inSource !== inTarget, options, report });
  }
  if (digestsDiffer && report.count === 0) {
    report.add(
      `digests differ (source ${sourceDigest}, target ${targetDigest}) but no key of the compared dbs does`,
    );
  }
  return {
    equal: !digestsDiffer && !countsDiffer && report.count === 0,
    differences: report.lines(),
    digests: { source: sourceDigest, target: targetDigest },
    keyCounts: { source: sourceCounts, target: targetCounts },
  };
}

interface DbComparison {
  digestsDiffer: boolean;
  countsDiffer: boolean;
  options: CompareOptions;
  report: DifferenceReport;
}

async function compareDb(
  src: ResolvedDeployment,
  tgt: ResolvedDeployment,
  db: number,
  { digestsDiffer, countsDiffer, options, report }: DbComparison,
): Promise<void> {
  const [source, target] = await Promise.all([
    DeploymentConnection.open(src, db),
    DeploymentConnection.open(tgt, db),
  ]);
  try {
    for await (const keys of source.scan()) {
      const [here, there] = await Promise.all([
        source.inspect(keys, digestsDiffer),
        target.inspect(keys, digestsDiffer),
      ]);
      keys.forEach((key, i) => {
        const difference = describeDifference(here[i]!, there[i]!, options.expiryToleranceMs ?? 0);
        if (difference) report.add(`db${db} ${formatKey(key)}: ${difference}`);
      });
    }
    if (!digestsDiffer && !countsDiffer) return;
    for await (const keys of target.scan()) {
      const here = await source.inspect(keys, false);
      keys.forEach((key, i) => {
        if (here[i]!.type === 'none') report.add(`db${db} ${formatKey(key)}: only in target`);
      });
    }
  } finally {
    source.close();
    target.close();
  }
}

function describeDifference(source: KeyState, target: KeyState, toleranceMs: number): string | undefined {
  if (source.type === 'none') return undefined; // expired or deleted since the scan
  if (target.type === 'none') return 'missing in target';
  if (source.type !== target.type) return `type ${source.type} in source, ${target.type} in target`;
  const noExpiry = source.expireAt < 0 || target.expireAt < 0;
  if (
    noExpiry ? source.expireAt !== target.expireAt : Math.abs(source.expireAt - target.expireAt) > toleranceMs
  ) {
    return `expiry differs (source ${formatExpiry(source.expireAt)}, target ${formatExpiry(target.expireAt)})`;
  }
  if (source.valueDigest !== target.valueDigest) return 'value differs';
  return undefined;
}

function formatExpiry(expireAt: number): string {
  return expireAt < 0 ? 'none' : `${new Date(expireAt).toISOString()} = ${expireAt} ms`;
}
