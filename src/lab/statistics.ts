/** Percentiles and CDFs over measured durations (nearest-rank, as a fleet table reads). */

/** The value below which a share `p` (0..1) of the sorted values lie. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export interface CdfPoint {
  /** Seconds. */
  readonly seconds: number;
  /** Share of the fleet's devices done by then, 0..1. */
  readonly share: number;
}

/**
 * The CDF as at most `points` steps: share of all `population` devices
 * (done or not) reached at each sampled value.
 */
export function cdf(
  sorted: readonly number[],
  population: number,
  points = 100,
): CdfPoint[] {
  if (sorted.length === 0 || population === 0) return [];
  const result: CdfPoint[] = [];
  const step = Math.max(1, Math.floor(sorted.length / points));
  for (let index = step - 1; index < sorted.length; index += step) {
    result.push({ seconds: sorted[index]!, share: (index + 1) / population });
  }
  const last = sorted.length - 1;
  if (result.at(-1)?.seconds !== sorted[last] || result.length === 0) {
    result.push({ seconds: sorted[last]!, share: sorted.length / population });
  }
  return result;
}

export interface Spread {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

export function spread(sorted: readonly number[]): Spread {
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.length === 0 ? null : sorted[sorted.length - 1]!,
  };
}
