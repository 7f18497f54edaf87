import { describe, expect, it } from "vitest";
import { breakEvents, countWindows, type BreakRun } from "./slo-events";

const MIN = 60_000;
const run = (id: string, status: string, at: number, workflow = "ci"): BreakRun => ({
  id,
  repo: "acme/api",
  workflow,
  status,
  at,
});

describe("breakEvents", () => {
  it("judges each break by how soon it was fixed", () => {
    const runs = [
      run("r1", "success", 0),
      run("r2", "failure", 10 * MIN), // break: fixed after 20 min
      run("r3", "failure", 20 * MIN),
      run("r4", "success", 30 * MIN),
      run("r5", "timed_out", 40 * MIN), // break: fixed after 90 min
      run("r6", "success", 130 * MIN),
      run("r7", "failure", 140 * MIN), // break: still red
    ];
    const events = breakEvents(runs, 60 * MIN, 300 * MIN);
    expect(events.map((e) => [e.run.id, e.good, e.t, e.fixedAt])).toEqual([
      ["r2", true, 30 * MIN, 30 * MIN],
      ["r5", false, 100 * MIN, 130 * MIN],
      ["r7", false, 200 * MIN, null],
    ]);
  });
  it("does not count a series first seen red, nor a young open break", () => {
    const runs = [run("a", "failure", 0), run("b", "success", 5 * MIN), run("c", "failure", 10 * MIN)];
    expect(breakEvents(runs, 60 * MIN, 30 * MIN)).toEqual([]);
  });
  it("keeps workflows apart", () => {
    const runs = [
      run("a", "success", 0, "x"),
      run("b", "failure", MIN, "y"),
      run("c", "failure", 2 * MIN, "x"),
    ];
    expect(breakEvents(runs, MIN, 10 * MIN).map((e) => e.run.id)).toEqual(["c"]);
  });
});

describe("countWindows", () => {
  it("counts each event in every window (now - w, now]", () => {
    const events = [
      { good: true, t: 100 },
      { good: false, t: 90 },
      { good: false, t: 50 },
    ];
    const counts = countWindows(events, 100, { budget: 100, "1h": 10, "5m": 0, "6h": 50, "30m": 51 });
    expect(counts).toEqual({
      budget: { good: 1, bad: 2 },
      "1h": { good: 1, bad: 0 },
      "5m": { good: 0, bad: 0 },
      "6h": { good: 1, bad: 1 },
      "30m": { good: 1, bad: 2 },
    });
  });
});
