import { describe, expect, it } from "vitest";
import { etaBeatsNaive } from "./eta-backtest";
import { demoHistoryEtaBacktest, demoLiveEtaBacktest } from "./eta-demo";

describe("the queue ETA backtest over the demo", () => {
  // Both replays are deterministic (fixed seeds, fixed window), so their counts are fixed.
  const history = demoHistoryEtaBacktest();
  const live = demoLiveEtaBacktest();

  it("replays the demo's 30-day history, whose working-hours rushes make jobs wait for a runner", () => {
    expect([history.pools, history.predictions, history.contended]).toEqual([15, 3_525, 844]);
  });

  it("has the ETA beat the naive pool median queue time on both figures over that history", () => {
    expect(history.eta.medianAbsErrorMs).toBeLessThan(history.naive.medianAbsErrorMs);
    expect(history.eta.within30).toBeGreaterThan(history.naive.within30);
    expect(etaBeatsNaive(history)).toBe(true);
  });

  it("replays an hour of a live demo session, bursts included", () => {
    expect([live.pools, live.predictions, live.contended]).toEqual([15, 6_091, 1_547]);
  });

  it("has the ETA beat the naive pool median queue time on both figures in the live session", () => {
    expect(live.eta.medianAbsErrorMs).toBeLessThan(live.naive.medianAbsErrorMs);
    expect(live.eta.within30).toBeGreaterThan(live.naive.within30);
    expect(etaBeatsNaive(live)).toBe(true);
  });
});
