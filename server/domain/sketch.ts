/**
 * A mergeable quantile sketch for durations and queue times (a DDSketch with
 * logarithmic buckets). Every value v > 0 falls in bucket ⌈log_γ v⌉ with
 * γ = (1 + α) / (1 − α), and a bucket answers with 2γⁱ / (γ + 1), which is
 * within relative error α of every value in it. So a nearest-rank percentile
 * read from the sketch is within α of the exact one, whatever the data, and
 * sketches of different time buckets add up exactly (counts add), so a
 * 30-day percentile is a merge of hourly sketches, never a re-sort of raw values.
 * Pure: no clock, no I/O.
 */

/** Relative accuracy: answers are within 0.5% of the exact nearest-rank value (the target is 1%). */
export const SKETCH_ALPHA = 0.005;

const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LOG_GAMMA = Math.log(GAMMA);

/** A sketch's state; plain data, so it serialises as JSON and merges by adding counts. */
export interface Sketch {
  /** How many values were added. */
  count: number;
  /** Sum of the values (for the mean). */
  sum: number;
  /** Smallest and largest value, exactly; null when empty. */
  min: number | null;
  max: number | null;
  /** How many values were 0 (no bucket can hold them). */
  zeros: number;
  /** Bucket index → how many values fell in it. */
  bins: Record<number, number>;
}

/** A sketch with nothing in it. */
export const emptySketch = (): Sketch => ({ count: 0, sum: 0, min: null, max: null, zeros: 0, bins: {} });

const bucketOf = (value: number) => Math.ceil(Math.log(value) / LOG_GAMMA);
const valueOf = (bucket: number) => (2 * GAMMA ** bucket) / (GAMMA + 1);

/**
 * Adds a value (ms; negatives count as 0) in place and returns the sketch.
 * @throws RangeError for a value that is not a finite number.
 */
export function addToSketch(sketch: Sketch, value: number): Sketch {
  if (!Number.isFinite(value)) throw new RangeError(`a sketch holds finite numbers, got ${value}`);
  const v = Math.max(0, value);
  sketch.count += 1;
  sketch.sum += v;
  sketch.min = sketch.min === null ? v : Math.min(sketch.min, v);
  sketch.max = sketch.max === null ? v : Math.max(sketch.max, v);
  if (v === 0) sketch.zeros += 1;
  else {
    const bucket = bucketOf(v);
    sketch.bins[bucket] = (sketch.bins[bucket] ?? 0) + 1;
  }
  return sketch;
}

/** Adds every value of `source` to `target` in place (for summing many sketches without copies). */
export function absorbSketch(target: Sketch, source: Sketch): Sketch {
  for (const key in source.bins)
    target.bins[key as unknown as number] =
      (target.bins[key as unknown as number] ?? 0) + (source.bins[key as unknown as number] ?? 0);
  target.count += source.count;
  target.sum += source.sum;
  target.zeros += source.zeros;
  if (source.min !== null) target.min = target.min === null ? source.min : Math.min(target.min, source.min);
  if (source.max !== null) target.max = target.max === null ? source.max : Math.max(target.max, source.max);
  return target;
}

/** A new sketch holding every value of both (neither input changes). */
export function mergeSketches(a: Sketch, b: Sketch): Sketch {
  const bins: Record<number, number> = { ...a.bins };
  for (const [bucket, n] of Object.entries(b.bins)) bins[Number(bucket)] = (bins[Number(bucket)] ?? 0) + n;
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number) =>
    x === null ? y : y === null ? x : f(x, y);
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: pick(a.min, b.min, Math.min),
    max: pick(a.max, b.max, Math.max),
    zeros: a.zeros + b.zeros,
    bins,
  };
}

/**
 * The nearest-rank p-quantile (0 < p ≤ 1): the value at rank ⌈p·n⌉ in sorted
 * order, within `SKETCH_ALPHA` relative error; exact at the extremes (min, max).
 * Null for an empty sketch.
 */
export function sketchQuantile(sketch: Sketch, p: number): number | null {
  if (sketch.count === 0 || sketch.min === null || sketch.max === null) return null;
  const rank = Math.max(1, Math.ceil(p * sketch.count));
  if (rank >= sketch.count) return sketch.max;
  if (rank <= sketch.zeros) return 0;
  let seen = sketch.zeros;
  const buckets = Object.keys(sketch.bins)
    .map(Number)
    .sort((x, y) => x - y);
  for (const bucket of buckets) {
    seen += sketch.bins[bucket] ?? 0;
    // Clamped to what was really seen: never below the minimum or above the maximum.
    if (seen >= rank) return Math.min(sketch.max, Math.max(sketch.min, valueOf(bucket)));
  }
  return sketch.max;
}

/** Mean of the values, or null when empty. */
export const sketchMean = (sketch: Sketch): number | null =>
  sketch.count === 0 ? null : sketch.sum / sketch.count;
