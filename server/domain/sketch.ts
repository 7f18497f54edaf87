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

/**
 * A sketch's state; plain data, so it serialises as compact JSON and merges by
 * adding counts. Buckets are dense from `offset` (durations span a few hundred
 * buckets), which makes reading, merging and parsing it cheap.
 */
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
  /** Bucket index of `counts[0]`. */
  offset: number;
  /** How many values fell in bucket `offset + i`. */
  counts: number[];
}

/** A sketch with nothing in it. */
export const emptySketch = (): Sketch => ({
  count: 0,
  sum: 0,
  min: null,
  max: null,
  zeros: 0,
  offset: 0,
  counts: [],
});

// Values under 1 ms share bucket 0 (CI times are whole milliseconds), so a stray fraction
// cannot stretch the dense range to thousands of empty buckets.
const bucketOf = (value: number) => Math.ceil(Math.log(Math.max(1, value)) / LOG_GAMMA);
const valueOf = (bucket: number) => (2 * GAMMA ** bucket) / (GAMMA + 1);

/** Widens the sketch's dense range to hold buckets [low, high]. */
function cover(sketch: Sketch, low: number, high: number): void {
  if (sketch.counts.length === 0) {
    sketch.offset = low;
    sketch.counts = new Array<number>(high - low + 1).fill(0);
    return;
  }
  if (low < sketch.offset) {
    sketch.counts = [...new Array<number>(sketch.offset - low).fill(0), ...sketch.counts];
    sketch.offset = low;
  }
  const end = sketch.offset + sketch.counts.length - 1;
  if (high > end) for (let i = end; i < high; i++) sketch.counts.push(0);
}

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
    cover(sketch, bucket, bucket);
    sketch.counts[bucket - sketch.offset] = (sketch.counts[bucket - sketch.offset] ?? 0) + 1;
  }
  return sketch;
}

/** Adds every value of `source` to `target` in place (for summing many sketches without copies). */
export function absorbSketch(target: Sketch, source: Sketch): Sketch {
  if (source.counts.length > 0) {
    cover(target, source.offset, source.offset + source.counts.length - 1);
    const shift = source.offset - target.offset;
    for (let i = 0; i < source.counts.length; i++)
      target.counts[shift + i] = (target.counts[shift + i] ?? 0) + (source.counts[i] ?? 0);
  }
  target.count += source.count;
  target.sum += source.sum;
  target.zeros += source.zeros;
  if (source.min !== null) target.min = target.min === null ? source.min : Math.min(target.min, source.min);
  if (source.max !== null) target.max = target.max === null ? source.max : Math.max(target.max, source.max);
  return target;
}

/**
 * A sketch as stored text: its JSON, with each run of empty buckets written as
 * one negative number (−n stands for n empty buckets). A day of a few jobs
 * spread over hundreds of buckets then stores a few numbers, not hundreds of
 * zeros, so roll-up rows stay small to read and cheap to parse.
 */
export function encodeSketch(sketch: Sketch): string {
  const counts: number[] = [];
  let empty = 0;
  for (const c of sketch.counts) {
    if (c === 0) empty += 1;
    else {
      if (empty > 0) counts.push(-empty);
      empty = 0;
      counts.push(c);
    }
  }
  if (empty > 0) counts.push(-empty);
  return JSON.stringify({ ...sketch, counts });
}

/**
 * Adds the sketch stored as `text` (by `encodeSketch`, or plain JSON of a
 * `Sketch`, which has no negative counts) to `target` in place; returns it.
 */
export function absorbEncoded(target: Sketch, text: string): Sketch {
  const stored = JSON.parse(text) as Sketch;
  let length = 0;
  for (const c of stored.counts) length += c < 0 ? -c : 1;
  if (length > 0) {
    cover(target, stored.offset, stored.offset + length - 1);
    let at = stored.offset - target.offset;
    for (const c of stored.counts) {
      if (c < 0) at -= c;
      else {
        target.counts[at] = (target.counts[at] ?? 0) + c;
        at += 1;
      }
    }
  }
  target.count += stored.count;
  target.sum += stored.sum;
  target.zeros += stored.zeros;
  if (stored.min !== null) target.min = target.min === null ? stored.min : Math.min(target.min, stored.min);
  if (stored.max !== null) target.max = target.max === null ? stored.max : Math.max(target.max, stored.max);
  return target;
}

/** The sketch stored as `text` (see `absorbEncoded`). */
export const decodeSketch = (text: string): Sketch => absorbEncoded(emptySketch(), text);

/** A new sketch holding every value of both (neither input changes). */
export function mergeSketches(a: Sketch, b: Sketch): Sketch {
  return absorbSketch(absorbSketch(emptySketch(), a), b);
}

/**
 * Nearest-rank quantiles (each 0 < p ≤ 1, ascending or not): the value at
 * rank ⌈p·n⌉ in sorted order, within `SKETCH_ALPHA` relative error; exact at
 * the extremes (min, max). One pass over the buckets for all of them. Nulls
 * for an empty sketch.
 */
export function sketchQuantiles(sketch: Sketch, ps: readonly number[]): (number | null)[] {
  const { count, min, max } = sketch;
  if (count === 0 || min === null || max === null) return ps.map(() => null);
  const ranks = ps
    .map((p, i) => ({ i, rank: Math.max(1, Math.ceil(p * count)) }))
    .sort((x, y) => x.rank - y.rank);
  // Ranks at or past the count are the maximum, exactly.
  const answers: (number | null)[] = ps.map(() => max);
  let next = 0;
  let seen = sketch.zeros;
  for (let i = -1; i < sketch.counts.length && next < ranks.length; i++) {
    // i = −1 stands for the zeros, which no bucket holds.
    if (i >= 0) seen += sketch.counts[i] ?? 0;
    for (let r = ranks[next]; r && r.rank <= seen && r.rank < count; r = ranks[++next]) {
      // Clamped to what was really seen: never below the minimum or above the maximum.
      answers[r.i] = i < 0 ? 0 : Math.min(max, Math.max(min, valueOf(sketch.offset + i)));
    }
  }
  return answers;
}

/** The nearest-rank p-quantile (see `sketchQuantiles`); null for an empty sketch. */
export function sketchQuantile(sketch: Sketch, p: number): number | null {
  return sketchQuantiles(sketch, [p])[0] ?? null;
}

/** Mean of the values, or null when empty. */
export const sketchMean = (sketch: Sketch): number | null =>
  sketch.count === 0 ? null : sketch.sum / sketch.count;
