import { describe, expect, it } from "vitest";
import { parseRunnerPrices, priceOf, usageAnswer, type UsageInput } from "./usage";

describe("parseRunnerPrices", () => {
  it("reads type=price pairs and names the first bad one", () => {
    expect(parseRunnerPrices("ubuntu-latest=0.008, macos-latest=0.08,")).toEqual({
      prices: { "ubuntu-latest": 0.008, "macos-latest": 0.08 },
    });
    expect(parseRunnerPrices("queue=macos=0.05")).toEqual({ prices: { "queue=macos": 0.05 } });
    expect(parseRunnerPrices("")).toEqual({ prices: {} });
    expect(parseRunnerPrices("ubuntu-latest=cheap")).toEqual({
      error: '"ubuntu-latest=cheap" is not <runner type>=<price per minute ≥ 0>',
    });
    expect(parseRunnerPrices("=0.1")).toHaveProperty("error");
    expect(parseRunnerPrices("linux=-1")).toHaveProperty("error");
    expect(parseRunnerPrices("linux=")).toHaveProperty("error");
  });
});

describe("priceOf", () => {
  it("prices a pool by its name, else by the first of its labels with a price", () => {
    const prices = new Map([
      ["macos-latest", 0.08],
      ["linux", 0.01],
      ["gpu, linux", 0.5],
    ]);
    expect(priceOf("macos-latest", prices)).toBe(0.08);
    expect(priceOf("gpu, linux", prices)).toBe(0.5);
    expect(priceOf("arm64, linux", prices)).toBe(0.01);
    expect(priceOf("windows-latest", prices)).toBeNull();
  });
});

describe("usageAnswer", () => {
  it("sums minutes and cost per pool, repository and overall, hosted pools only by default", () => {
    const rows: UsageInput[] = [
      {
        source: "github",
        pool: "ubuntu-latest",
        repo: "a",
        hosted: true,
        jobs: 3,
        durationMs: 300_000,
        minutes: 6,
      },
      {
        source: "github",
        pool: "ubuntu-latest",
        repo: "b",
        hosted: true,
        jobs: 1,
        durationMs: 30_000,
        minutes: 1,
      },
      {
        source: "github",
        pool: "windows-latest",
        repo: "a",
        hosted: true,
        jobs: 1,
        durationMs: 60_000,
        minutes: 1,
      },
      { source: "github", pool: "rack", repo: "a", hosted: false, jobs: 9, durationMs: 900_000, minutes: 15 },
    ];
    const answer = usageAnswer(rows, {
      window: "7d",
      from: 0,
      to: 1_000,
      kindOf: (_pool, hosted) => (hosted ? "hosted" : "self-hosted"),
      prices: new Map([["ubuntu-latest", 0.008]]),
      hostedOnly: true,
    });
    expect(answer.pools.map((p) => [p.pool, p.minutes, p.cost])).toEqual([
      ["ubuntu-latest", 7, 0.056],
      ["windows-latest", 1, null],
    ]);
    expect(answer.repos.map((r) => [r.repo, r.minutes, r.cost])).toEqual([
      ["a", 7, 0.048],
      ["b", 1, 0.008],
    ]);
    expect(answer.total).toEqual({ jobs: 5, minutes: 8, durationMs: 390_000, cost: 0.056 });
  });
});
