/** Small statistics for the benchmark: nearest-rank percentiles, latency summaries, relative error. */

/** The nearest-rank p-quantile (0 < p ≤ 1) of values sorted ascending: the value at rank ⌈p·n⌉; null when empty. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** Exact percentiles, mean and max of a set of values (the shape of `Distribution` in lib/metrics.ts). */
export interface ExactDistribution {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

/** Exact distribution of `values`; sorts the array in place. */
export function exactDistribution(values: Float64Array): ExactDistribution {
  values.sort();
  let sum = 0;
  for (const v of values) sum += v;
  const n = values.length;
  return {
    count: n,
    p50: nearestRank(values, 0.5),
    p90: nearestRank(values, 0.9),
    p95: nearestRank(values, 0.95),
    p99: nearestRank(values, 0.99),
    mean: n === 0 ? null : sum / n,
    max: n === 0 ? null : (values[n - 1] ?? null),
  };
}

/** Latency of repeated calls, ms. */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Summarises latency samples (ms); zeros for no samples. */
export function latencyOf(samples: readonly number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => nearestRank(sorted, p) ?? 0;
  const sum = samples.reduce((a, b) => a + b, 0);
  return {
    n: samples.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0),
    mean: samples.length === 0 ? 0 : sum / samples.length,
  };
}

/**
 * |answer − exact| ÷ exact; 0 when both are 0 or both null, Infinity when only
 * one of them is missing or the exact value is 0 and the answer is not.
 */
export function relativeError(answer: number | null | undefined, exact: number | null): number {
  if ((answer ?? null) === null || exact === null) return (answer ?? null) === exact ? 0 : Infinity;
  const a = answer as number;
  if (exact === 0) return a === 0 ? 0 : Infinity;
  return Math.abs(a - exact) / Math.abs(exact);
}
