/** The median of the values (mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function range(values: readonly number[]): { min: number; max: number } {
  if (values.length === 0) return { min: Number.NaN, max: Number.NaN };
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** How a rate compares with the limit's rate: 1 means as fast as the limit. undefined when unknown. */
export function ratio(rate: number, limitRate: number | undefined): number | undefined {
  if (limitRate === undefined || !Number.isFinite(limitRate) || limitRate <= 0 || !Number.isFinite(rate)) {
    return undefined;
  }
  return rate / limitRate;
}

/** Items (keys, bytes) per second; NaN when no time was measured. */
export function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : Number.NaN;
}

/** The maximum of the defined values, undefined when there is none. */
export function maxDefined(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.max(...defined) : undefined;
}

/** The median of the defined values, undefined when there is none. */
export function medianDefined(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? median(defined) : undefined;
}
