import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random";
import {
  absorbEncoded,
  addToSketch,
  decodeSketch,
  emptySketch,
  encodeSketch,
  mergeSketches,
  SKETCH_ALPHA,
  sketchMean,
  sketchQuantile,
  type Sketch,
} from "./sketch";

/** The exact nearest-rank p-quantile of `values`. */
const exact = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
};

const sketchOf = (values: number[]): Sketch => values.reduce(addToSketch, emptySketch());

/** Build durations: log-normal-ish around a minute, with a long tail and some zeros. */
function durations(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => {
    if (rng.chance(0.02)) return 0;
    const gaussian =
      Array.from({ length: 6 }, () => rng.int(0, 1_000_000) / 1_000_000).reduce((a, b) => a + b) - 3;
    return Math.round(60_000 * Math.exp(gaussian * 1.2));
  });
}

const PERCENTILES = [0.5, 0.9, 0.95, 0.99];

describe("quantile sketch", () => {
  it("answers p50/p90/p95/p99 within 1% of the exact nearest-rank value", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new Random(seed);
      const values = durations(rng, 20_000);
      const sketch = sketchOf(values);
      for (const p of PERCENTILES) {
        const truth = exact(values, p);
        const estimate = sketchQuantile(sketch, p)!;
        expect(Math.abs(estimate - truth) / truth, `seed ${seed} p${p * 100}`).toBeLessThanOrEqual(
          SKETCH_ALPHA,
        );
      }
      expect(sketchQuantile(sketch, 1)).toBe(Math.max(...values));
      expect(sketch.min).toBe(Math.min(...values));
      expect(sketchMean(sketch)).toBeCloseTo(values.reduce((a, b) => a + b) / values.length, 6);
    }
  });

  it("merges exactly: hourly sketches add up to the sketch of the whole window", () => {
    const rng = new Random(42);
    const hours = Array.from({ length: 24 }, () => durations(rng, rng.int(0, 500)));
    const merged = hours.map(sketchOf).reduce(mergeSketches, emptySketch());
    const whole = sketchOf(hours.flat());
    expect(merged).toEqual(whole);
    // And survives a JSON round trip, as it will be stored.
    expect(JSON.parse(JSON.stringify(merged))).toEqual(whole);
  });

  it("handles the edges: empty, all zeros, one value, negatives", () => {
    expect(sketchQuantile(emptySketch(), 0.5)).toBeNull();
    expect(sketchMean(emptySketch())).toBeNull();
    expect(sketchQuantile(sketchOf([0, 0, 0]), 0.99)).toBe(0);
    expect(sketchQuantile(sketchOf([1234]), 0.5)).toBe(1234);
    expect(sketchQuantile(sketchOf([-5, 10]), 0.5)).toBe(0);
    expect(() => addToSketch(emptySketch(), Number.NaN)).toThrow(RangeError);
  });

  it("holds its error on small, hand-checked data", () => {
    // Nearest rank of 10 values: p50 → 5th (50), p90 → 9th (90), p95/p99 → 10th (100).
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const sketch = sketchOf(values);
    expect(Math.abs(sketchQuantile(sketch, 0.5)! - 50) / 50).toBeLessThanOrEqual(SKETCH_ALPHA);
    expect(Math.abs(sketchQuantile(sketch, 0.9)! - 90) / 90).toBeLessThanOrEqual(SKETCH_ALPHA);
    expect(sketchQuantile(sketch, 0.95)).toBe(100);
    expect(sketchQuantile(sketch, 0.99)).toBe(100);
  });

  it("stores runs of empty buckets as one number, and reads back exactly", () => {
    // 100 → bucket 461, 1000 → 691: 229 empty buckets between them.
    const sketch = sketchOf([100, 100, 1000]);
    expect(JSON.parse(encodeSketch(sketch))).toEqual({
      count: 3,
      sum: 1200,
      min: 100,
      max: 1000,
      zeros: 0,
      offset: 461,
      counts: [2, -229, 1],
    });
    const rng = new Random(7);
    for (let i = 0; i < 50; i++) {
      const values = durations(rng, rng.int(0, 40));
      expect(decodeSketch(encodeSketch(sketchOf(values)))).toEqual(sketchOf(values));
    }
  });

  it("absorbs stored sketches, old dense JSON or folded, as a merge would", () => {
    const rng = new Random(9);
    const parts = Array.from({ length: 30 }, () => sketchOf(durations(rng, rng.int(0, 60))));
    const target = emptySketch();
    parts.forEach((part, i) => absorbEncoded(target, i % 2 ? encodeSketch(part) : JSON.stringify(part)));
    expect(target).toEqual(parts.reduce(mergeSketches, emptySketch()));
  });
});
