import { describe, expect, it } from "vitest";
import { jobKey, predictPool, poolHistory, type PoolHistory, type PoolSnapshot } from "./eta";

const MIN = 60_000;
const T = Date.parse("2026-03-02T10:00:00.000Z");
const at = (minutes: number) => new Date(T + minutes * MIN).toISOString();
const K = jobKey("acme/api", "ci", "test");

const history: PoolHistory = {
  samples: 40,
  durationP25Ms: 6 * MIN,
  durationP50Ms: 10 * MIN,
  durationP75Ms: 15 * MIN,
  queueP50Ms: 2 * MIN,
  medianByKey: new Map([[K, 10 * MIN]]),
};

const queued = [
  { id: "c", queuedAt: T - 1 * MIN },
  { id: "a", queuedAt: T - 3 * MIN },
  { id: "b", queuedAt: T - 2 * MIN },
];

describe("predictPool", () => {
  it("serves the line first in, first out from an idle runner and a busy one", () => {
    // Idle runner free now; the busy one's job (median 10 min) started 4 min ago: free in 6.
    // a → now (idle runner, busy again until +10); b → +6; c → +10.
    // Low (×0.6): busy free at +2, jobs 6 min: a +0, b +2, c +6. High (×1.5): busy at +11, jobs 15: a +0, b +11, c +15.
    const snapshot: PoolSnapshot = {
      queued,
      running: [{ key: K, startedAt: T - 4 * MIN }],
      runners: 2,
      idleRunners: 1,
      history,
    };
    const etas = predictPool(snapshot, T);
    expect(etas.get("a")).toEqual({
      startAt: at(0),
      low: at(0),
      high: at(0),
      basis: "position 1 of 3, 2 runners",
    });
    expect(etas.get("b")).toEqual({
      startAt: at(6),
      low: at(2),
      high: at(11),
      basis: "position 2 of 3, 2 runners",
    });
    expect(etas.get("c")).toEqual({
      startAt: at(10),
      low: at(6),
      high: at(15),
      basis: "position 3 of 3, 2 runners",
    });
  });

  it("gives an overdue job a quarter of its expected time again", () => {
    // Expected 10 min, running for 12: 2.5 min left (low 1.5, high 3.75).
    const snapshot: PoolSnapshot = {
      queued: [{ id: "a", queuedAt: T - MIN }],
      running: [{ key: K, startedAt: T - 12 * MIN }],
      runners: 1,
      idleRunners: 0,
      history,
    };
    expect(predictPool(snapshot, T).get("a")).toEqual({
      startAt: at(2.5),
      low: at(1.5),
      high: at(3.75),
      basis: "position 1 of 1, 1 runner",
    });
  });

  it("gives a pool with no runner known its median queue time, never before now", () => {
    const snapshot: PoolSnapshot = {
      queued: [
        { id: "a", queuedAt: T - 3 * MIN },
        { id: "b", queuedAt: T - MIN },
      ],
      running: [],
      runners: 0,
      idleRunners: 0,
      history,
    };
    const etas = predictPool(snapshot, T);
    // a: queued 3 min ago, median 2: now. b: +1 (low: 1.2 min after queuing, high 3 min after).
    expect(etas.get("a")).toEqual({
      startAt: at(0),
      low: at(0),
      high: at(0),
      basis: "position 1 of 2, median queue time",
    });
    expect(etas.get("b")).toEqual({
      startAt: at(1),
      low: at(0.2),
      high: at(2),
      basis: "position 2 of 2, median queue time",
    });
  });

  it("expects no start before the pool's median queue time has passed", () => {
    // An idle runner, but jobs here take 2 min to be picked up: queued now → +2 (low: ×0.6, high: ×1.5).
    const snapshot: PoolSnapshot = {
      queued: [{ id: "a", queuedAt: T }],
      running: [],
      runners: 1,
      idleRunners: 1,
      history,
    };
    expect(predictPool(snapshot, T).get("a")).toEqual({
      startAt: at(2),
      low: at(1.2),
      high: at(3),
      basis: "position 1 of 1, 1 runner",
    });
  });

  it("says nothing for a pool without history", () => {
    const etas = predictPool({ queued, running: [], runners: 3, idleRunners: 3, history: null }, T);
    expect([...etas]).toEqual([
      ["a", null],
      ["b", null],
      ["c", null],
    ]);
  });
});

describe("poolHistory", () => {
  it("needs five finished jobs", () => {
    const sample = { key: K, durationMs: MIN, queueMs: MIN, startedAt: T - MIN };
    expect(poolHistory([sample, sample, sample, sample])).toBeNull();
  });

  it("takes nearest-rank quartiles and per-kind medians", () => {
    const other = jobKey("acme/web", "ci", "lint");
    const samples = [1, 2, 3, 4, 5].map((m, i) => ({
      key: i < 3 ? K : other,
      durationMs: m * MIN,
      queueMs: i === 0 ? null : (6 - m) * 1000,
      startedAt: T - 90 * MIN,
    }));
    const h = poolHistory(samples)!;
    expect(h.samples).toBe(5);
    expect([h.durationP25Ms, h.durationP50Ms, h.durationP75Ms]).toEqual([2 * MIN, 3 * MIN, 4 * MIN]);
    // Queue times 4, 3, 2, 1 s: nearest-rank median 2 s.
    expect(h.queueP50Ms).toBe(2000);
    expect([...h.medianByKey]).toEqual([
      [K, 2 * MIN],
      [other, 4 * MIN],
    ]);
  });
});
