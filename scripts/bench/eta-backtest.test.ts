import { describe, expect, it } from "vitest";
import { benchEtaBacktest, etaBeatsNaive } from "./eta-backtest";

describe("the queue ETA backtest", () => {
  // The quick run's week (10,000 generated jobs): deterministic, so its figures are fixed.
  const result = benchEtaBacktest("runwatch-bench", true);

  it("replays the same history every time", () => {
    expect([result.pools, result.predictions, result.contended]).toEqual([37, 9_416, 1_826]);
  });

  it("has the ETA beat the naive pool median queue time on both figures", () => {
    expect(result.eta.medianAbsErrorMs).toBeLessThan(result.naive.medianAbsErrorMs);
    expect(result.eta.within30).toBeGreaterThan(result.naive.within30);
    expect(etaBeatsNaive(result)).toBe(true);
  });
});
