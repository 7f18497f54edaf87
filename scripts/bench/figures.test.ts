import { describe, expect, it } from "vitest";
import { figure, figureRows, notMeasured, ratioOf, targetText, verdictOf } from "./figures";
import { latencyOf } from "./stats";

describe("verdictOf", () => {
  it("meets an upper bound at or below it, and not above", () => {
    expect(verdictOf(20, { max: 20 })).toBe("met");
    expect(verdictOf(19.9, { max: 20 })).toBe("met");
    expect(verdictOf(20.01, { max: 20 })).toBe("not met");
  });

  it("meets a lower bound at or above it, and not below", () => {
    expect(verdictOf(100, { min: 100 })).toBe("met");
    expect(verdictOf(99.99, { min: 100 })).toBe("not met");
  });

  it("says not measured without a value, and - without a target", () => {
    expect(verdictOf(null, { max: 1 })).toBe("not measured");
    expect(verdictOf(Number.NaN, { max: 1 })).toBe("not measured");
    expect(verdictOf(5, {})).toBe("-");
  });
});

describe("ratioOf", () => {
  it("divides the subject by the baseline", () => {
    expect(ratioOf(270, 6_000)).toBe(0.045);
  });

  it("is null without a positive baseline or a subject", () => {
    expect(ratioOf(1, 0)).toBeNull();
    expect(ratioOf(null, 5)).toBeNull();
    expect(ratioOf(5, null)).toBeNull();
  });
});

describe("figure", () => {
  it("applies an N× target to the ratio, not the value", () => {
    const f = figure({
      section: "ingest",
      name: "deliveries/s",
      value: 5_500,
      unit: "/s",
      baseline: 6_000,
      target: { min: 0.9 },
      targetOnRatio: true,
    });
    expect(f.ratio).toBeCloseTo(0.9167, 4);
    expect(f.target).toBe("≥ 0.90×");
    expect(f.verdict).toBe("met");
    expect(
      figure({ ...f, value: 5_000, baseline: 6_000, target: { min: 0.9 }, targetOnRatio: true }).verdict,
    ).toBe("not met");
  });

  it("prints targets with their units", () => {
    expect(targetText({ max: 20 }, "ms")).toBe("≤ 20.0 ms");
    expect(targetText({ max: 10_000 }, "ms")).toBe("≤ 10,000 ms");
    expect(targetText({ min: 100 }, "%")).toBe("≥ 100%");
    expect(targetText({}, "ms")).toBe("");
  });

  it("keeps the reason of a figure not measured, in the printed row", () => {
    const f = notMeasured({
      section: "browser",
      name: "first rows",
      unit: "ms",
      target: { max: 1_000 },
      reason: "no build",
    });
    expect(f.verdict).toBe("not measured");
    expect(figureRows([f])[1]).toEqual([
      "browser",
      "first rows",
      "—",
      "",
      "",
      "≤ 1,000 ms",
      "not measured",
      "no build",
    ]);
  });
});

describe("latencyOf (nearest-rank percentiles)", () => {
  it("takes the value at rank ⌈p·n⌉", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect(latencyOf(samples)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it("gives the one value for every percentile of one sample, and zeros for none", () => {
    expect(latencyOf([7])).toEqual({ n: 1, p50: 7, p95: 7, p99: 7, max: 7, mean: 7 });
    expect(latencyOf([])).toEqual({ n: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
  });
});
