import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { recommendedRunners } from "./pool-demand";
import { diagnose, quantile, staleAfter, usualGap, type PoolHistory, type RadarInput } from "./stall-radar";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const running = (id: string, startedAt: number): Job => ({
  id,
  source: "gitlab",
  repo: "acme/api",
  workflow: "pipeline",
  name: "build",
  runId: "1",
  attempt: 1,
  branch: "main",
  sha: null,
  status: "running",
  queuedAt: iso(startedAt),
  startedAt: iso(startedAt),
  finishedAt: null,
  queueMs: 0,
  durationMs: null,
  runner: { name: "r1", group: null, labels: ["docker"] },
  url: null,
  failure: null,
  steps: [],
});

const input = (over: Partial<RadarInput>): RadarInput => ({
  now: T0,
  waiting: [],
  running: [],
  history: [],
  runners: [],
  kindOf: () => "self-hosted",
  deliveries: new Map(),
  ...over,
});

describe("staleAfter", () => {
  it("is k × the pool's p99, or the floor with too little history", () => {
    const runs: PoolHistory[] = Array.from({ length: 100 }, (_, i) => ({
      pool: "docker",
      startedAt: T0 - 86_400_000,
      finishedAt: T0 - 86_400_000 + (i + 1) * 3 * MIN,
      queueMs: (i + 1) * 1000,
    }));
    // p99 of 3..300 min is 297 min: × 3 = 891 min; queue p99 99 s × 3 is under the 1 h floor.
    expect(staleAfter(runs)).toEqual({ queuedMs: 60 * MIN, runningMs: 891 * MIN });
    expect(staleAfter(runs.slice(0, 19))).toEqual({ queuedMs: 60 * MIN, runningMs: 360 * MIN });
  });
});

describe("diagnose: stale running job", () => {
  it("fires past the running floor, not before", () => {
    const job = running("gitlab:9", T0 - 6 * 60 * MIN);
    expect(diagnose(input({ running: [job] }))).toEqual([]);
    const late = diagnose(input({ running: [job], now: T0 + 1000 }));
    expect(late).toEqual([
      {
        kind: "stale_job",
        pool: "docker",
        source: "gitlab",
        since: iso(T0),
        detail:
          "build (acme/api · pipeline) has been running for 6 h, far beyond anything pool docker has seen (limit 6 h): it is probably lost; mark it lost.",
        jobId: "gitlab:9",
        jobStatus: "running",
        job: { repo: "acme/api", workflow: "pipeline", name: "build" },
      },
    ]);
  });
});

describe("usualGap and quantile", () => {
  it("learns the p99 gap with a 15 min floor, and needs 20 deliveries", () => {
    const hourly = Array.from({ length: 30 }, (_, i) => T0 + i * 60 * MIN);
    expect(usualGap(hourly)).toBe(60 * MIN);
    expect(usualGap(hourly.slice(0, 19))).toBeNull();
    expect(usualGap(Array.from({ length: 30 }, (_, i) => T0 + i * MIN))).toBe(15 * MIN);
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe("recommendedRunners", () => {
  it("is running (or busy) plus waiting, capped at 500", () => {
    expect(recommendedRunners(3, 2, 2)).toBe(5);
    expect(recommendedRunners(0, 1, 3)).toBe(3);
    expect(recommendedRunners(1000, 10, 10)).toBe(500);
  });
});
