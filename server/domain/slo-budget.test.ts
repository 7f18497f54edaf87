import { describe, expect, it } from "vitest";
import { budgetOf, burnRate, burnState, judgeSlo } from "./slo-budget";

describe("burnRate", () => {
  it("divides the bad share by the share the target allows", () => {
    // 99 % target: 1 % may be bad; 14.4 % bad burns 14.4×.
    expect(burnRate({ good: 856, bad: 144 }, 99)).toBeCloseTo(14.4, 10);
    expect(burnRate({ good: 95, bad: 5 }, 95)).toBeCloseTo(1, 10);
    expect(burnRate({ good: 10, bad: 0 }, 99)).toBe(0);
    expect(burnRate({ good: 0, bad: 0 }, 99)).toBeNull();
  });
});

describe("budgetOf", () => {
  it("allows (1 - target) of the events and reports what is left", () => {
    expect(budgetOf({ good: 990, bad: 4 }, 99)).toEqual({
      windowDays: 28,
      events: 994,
      good: 990,
      bad: 4,
      allowedBad: 9.94,
      consumed: 4,
      remainingPercent: 59.76,
    });
  });
  it("goes negative once spent, and says nothing without events", () => {
    expect(budgetOf({ good: 90, bad: 20 }, 90).remainingPercent).toBe(-81.82);
    expect(budgetOf({ good: 0, bad: 0 }, 99).remainingPercent).toBeNull();
  });
});

describe("burnState (SRE workbook thresholds)", () => {
  const burn = (h1: number | null, m5: number | null, h6: number | null, m30: number | null) => ({
    "1h": h1,
    "5m": m5,
    "6h": h6,
    "30m": m30,
  });
  it("pages at 14.4 over both 1 h and 5 m, not just below", () => {
    expect(burnState(burn(14.4, 14.4, 0, 0), 10)).toBe("fast_burn");
    expect(burnState(burn(14.3999, 20, 0, 0), 10)).toBe("ok");
    expect(burnState(burn(20, 14.3999, 0, 0), 10)).toBe("ok");
  });
  it("tickets at 6 over both 6 h and 30 m, not just below", () => {
    expect(burnState(burn(0, 0, 6, 6), 10)).toBe("slow_burn");
    expect(burnState(burn(0, 0, 5.9999, 9), 10)).toBe("ok");
    expect(burnState(burn(0, 0, 9, null), 10)).toBe("ok");
  });
  it("says no_data without events in 28 days", () => {
    expect(burnState(burn(null, null, null, null), 0)).toBe("no_data");
  });
});

describe("judgeSlo", () => {
  it("rounds 14.399999… to 14.4 so the threshold is met exactly", () => {
    // 18 of 25 bad on a 95 % target: 0.72 / 0.05 = 14.399999999999999 in floating point.
    const count = { good: 7, bad: 18 };
    const judged = judgeSlo({ budget: count, "1h": count, "5m": count, "6h": count, "30m": count }, 95);
    expect(judged.burn).toEqual({ "1h": 14.4, "5m": 14.4, "6h": 14.4, "30m": 14.4 });
    expect(judged.state).toBe("fast_burn");
  });
});
