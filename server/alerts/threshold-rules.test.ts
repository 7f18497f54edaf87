import { describe, expect, it } from "vitest";
import type { AlertRuleKind } from "../../lib/alerts";
import type { QueuePool, WaitingJob, WorkflowHealth } from "../../lib/metrics";
import { manualClock } from "../domain/clock";
import type { ThresholdRule } from "./observation";
import { windowText } from "./observation";
import {
  evaluateDurationRegression,
  evaluateQueueTime,
  evaluateStuckJobs,
  evaluateSuccessRate,
  evaluateThresholdRule,
} from "./threshold-rules";
import { throttleTick, type SubjectState } from "./throttle";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const MIN = 60_000;
const ago = (min: number) => new Date(NOW - min * MIN).toISOString();

const rule = (kind: AlertRuleKind, extra: Partial<ThresholdRule> = {}): ThresholdRule => ({
  kind,
  match: {},
  threshold: null,
  windowMs: null,
  scope: null,
  ...extra,
});

const waiting = (id: string, queuedMin: number, stuck: boolean, labels = ["gpu"]): WaitingJob => ({
  id: `github:${id}`,
  source: "github",
  repo: "acme/api",
  workflow: "ci",
  name: `job-${id}`,
  labels,
  queuedAt: ago(queuedMin),
  url: "https://github.com/acme/api/actions/runs/1",
  stuck,
});

const pool = (name: string, p95: number | null, oldestMin: number | null, labels = [name]): QueuePool => ({
  pool: name,
  kind: "self-hosted",
  labels,
  queued: oldestMin === null ? 0 : 1,
  oldest: oldestMin === null ? null : waiting("o", oldestMin, false, labels),
  stuck: 0,
  runners: { online: 2, busy: 2, idle: 0, offline: 0 },
  queueP95Ms: p95,
  utilisation: 1,
  hint: null,
  running: 2,
  diagnoses: [],
  runnerList: [],
});

describe("evaluateQueueTime", () => {
  const r = rule("queue_time", { threshold: 10 * MIN, match: { label: "GPU*" } });

  it.each<[string, QueuePool, boolean]>([
    ["p95 over the threshold while a job still waits", pool("gpu", 12 * MIN, 1), true],
    ["p95 over, but nothing waits any more (the waiting job started)", pool("gpu", 12 * MIN, null), false],
    ["p95 under, but the oldest job has waited too long", pool("gpu", 2 * MIN, 15), true],
    ["both under", pool("gpu", 2 * MIN, 3), false],
    ["no data at all", pool("gpu", null, null), false],
    ["exactly at the threshold", pool("gpu", 10 * MIN, 1), true],
  ])("%s", (_name, p, holds) => {
    const [observation] = evaluateQueueTime(r, [p], NOW);
    expect(observation).toMatchObject({ subject: "gpu", holds, where: { pool: "gpu" }, path: "/queue" });
  });

  it("matches labels case-insensitively and skips other pools", () => {
    const observations = evaluateQueueTime(r, [pool("gpu-a100", 1, null), pool("linux", 1, null)], NOW);
    expect(observations.map((o) => o.subject)).toEqual(["gpu-a100"]);
  });

  it("names the oldest waiting job, so the alert links to it and can say when it started", () => {
    const [waitingNow, empty] = evaluateQueueTime(
      r,
      [pool("gpu", 2 * MIN, 15), pool("gpu-b", null, null)],
      NOW,
    );
    expect(waitingNow?.job).toMatchObject({ id: "github:o", name: "job-o", status: "queued", runner: null });
    expect(empty?.job).toBeNull();
  });

  it("says what, how much and against what", () => {
    const [o] = evaluateQueueTime(r, [pool("gpu", 12 * MIN, 15)], NOW);
    expect(o?.summary).toBe("Queue time for pool gpu is 15m, over the 10m threshold.");
    expect(o?.facts).toContainEqual({ label: "Queue p95 (1h)", value: "12m" });
  });
});

describe("evaluateStuckJobs", () => {
  const r = rule("stuck_job", { match: { repo: "acme/*" } });

  it("uses the 15-minute default and the stuck verdict of metricsQueue", () => {
    const observations = evaluateStuckJobs(
      r,
      [waiting("1", 20, true), waiting("2", 10, true), waiting("3", 60, false)],
      NOW,
    );
    expect(observations.map((o) => [o.subject, o.holds])).toEqual([
      ["github:1", true],
      ["github:2", false],
      ["github:3", false],
    ]);
    expect(observations[0]).toMatchObject({
      since: ago(20),
      path: "/jobs/github%3A1",
      where: { repo: "acme/api", job: "job-1", pool: "gpu" },
      job: { id: "github:1", status: "queued", url: "https://github.com/acme/api/actions/runs/1" },
    });
    expect(observations[0]?.summary).toContain("has waited 20m");
  });

  it("resolves a stuck job once it leaves the list", () => {
    let states = new Map<string, SubjectState>();
    const clock = manualClock(NOW);
    const tick = (jobs: WaitingJob[]) => {
      const result = throttleTick(states, evaluateStuckJobs(r, jobs, clock.now()), clock.now(), 60 * MIN);
      states = result.states;
      clock.advance(MIN);
      return result.notices.map((n) => n.notice);
    };
    expect(tick([waiting("1", 20, true)])).toEqual(["firing"]);
    expect(tick([waiting("1", 21, true)])).toEqual([]);
    expect(tick([])).toEqual(["resolved"]);
  });
});

const health = (workflow: string, over: Partial<WorkflowHealth> = {}): WorkflowHealth => ({
  repo: "acme/api",
  workflow,
  total: 20,
  successRate: 0.95,
  p50: 5 * MIN,
  p95: 10 * MIN,
  baseline: { total: 40, p50: 5 * MIN, p95: 8 * MIN },
  change: { p50: 0, p95: 0.25 },
  regression: true,
  mttrMs: null,
  recoveries: 0,
  failingSince: null,
  ...over,
});

describe("evaluateSuccessRate", () => {
  const r = rule("success_rate", { threshold: 0.9, match: { workflow: "c*", branch: "main" } });

  it.each<[string, Partial<WorkflowHealth>, boolean | null]>([
    ["above the threshold", { successRate: 0.95 }, false],
    ["under it", { successRate: 0.8 }, true],
    ["too few jobs to judge", { successRate: 0, total: 2 }, null],
    ["nothing counted", { successRate: null, total: 0 }, null],
  ])("%s", (_name, over, holds) => {
    expect(evaluateSuccessRate(r, [health("ci", over)])[0]?.holds).toBe(holds);
  });

  it("keys by workflow, links Insights with the exact branch, and matches globs", () => {
    const observations = evaluateSuccessRate(r, [
      health("ci", { successRate: 0.625, total: 16 }),
      health("deploy"),
    ]);
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({
      subject: '["acme/api","ci"]',
      where: { repo: "acme/api", workflow: "ci", branch: "main" },
      path: "/insights?repo=acme%2Fapi&workflow=ci&branch=main",
      summary: "acme/api · ci succeeded in 62.5% of 16 jobs over the last 1h (threshold 90%).",
    });
  });
});

describe("evaluateDurationRegression", () => {
  const r = rule("duration_regression");

  it.each<[string, Partial<WorkflowHealth>, boolean | null]>([
    ["p95 grew 25% (default threshold 20%)", {}, true],
    ["p50 grew enough on its own", { change: { p50: 0.3, p95: 0.05 } }, true],
    ["under the threshold", { change: { p50: 0.1, p95: 0.19 } }, false],
    ["faster than the baseline", { change: { p50: -0.5, p95: -0.4 } }, false],
    ["no baseline", { change: { p50: null, p95: null } }, null],
    ["thin baseline", { baseline: { total: 2, p50: 1, p95: 1 } }, null],
  ])("%s", (_name, over, holds) => {
    expect(evaluateDurationRegression(r, [health("ci", over)])[0]?.holds).toBe(holds);
  });

  it("summarises the change", () => {
    expect(evaluateDurationRegression(r, [health("ci")])[0]?.summary).toBe(
      "acme/api · ci runs +25% against its baseline: p95 10m vs 8m (threshold +20%).",
    );
  });
});

describe("evaluateThresholdRule", () => {
  it("dispatches by kind and returns null when the input was not fetched", () => {
    expect(evaluateThresholdRule(rule("queue_time", { threshold: 1000 }), {}, NOW)).toBeNull();
    expect(evaluateThresholdRule(rule("job_state"), { pools: [] }, NOW)).toBeNull();
    expect(evaluateThresholdRule(rule("stuck_job"), { waiting: [waiting("1", 30, true)] }, NOW)).toHaveLength(
      1,
    );
    expect(evaluateThresholdRule(rule("runner_offline", { scope: "pool" }), { runners: [] }, NOW)).toEqual(
      [],
    );
    expect(evaluateThresholdRule(rule("source_silent", { threshold: MIN }), { sources: [] }, NOW)).toEqual(
      [],
    );
  });

  it("turns a window into metric window text", () => {
    expect(windowText(3_600_000)).toBe("60m");
    expect(windowText(90_001)).toBe("2m");
  });
});
