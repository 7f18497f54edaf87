/**
 * The metrics engine on a real SQLite file against brute force: 3,000
 * generated jobs over three days, every answer compared with what an exact
 * computation over the same jobs gives (counts exactly, percentiles within
 * 1% of nearest rank), through the roll-up path, the raw path and the
 * part-hour edge, and after corrections that move a job between hours.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job, JobSource, JobStatus } from "../../lib/job";
import {
  flakyQuerySchema,
  metricFilterSchema,
  timeseriesQuerySchema,
  type MetricFilter,
} from "../../lib/metrics";
import { Random } from "../../lib/random";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "../store/store";
import { metricsSummary } from "./summary";
import { metricsTimeseries } from "./timeseries";
import { metricsFailures, metricsFlaky } from "./failures";
import { findFlakyJobs } from "../domain/reliability";

const NOW = Date.parse("2026-03-04T10:17:23.456Z");
const HOUR = 3_600_000;
const SOURCES: JobSource[] = ["github", "gitlab", "buildkite"];
const STATUSES: JobStatus[] = [
  "success",
  "success",
  "success",
  "success",
  "failure",
  "timed_out",
  "cancelled",
  "skipped",
];

function generate(n: number): Job[] {
  const random = new Random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const queued = NOW - Math.floor(random.next() * 3 * 24 * HOUR);
    const queueMs = Math.floor(random.next() ** 3 * 600_000);
    const durationMs = 1000 + Math.floor(random.next() ** 2 * 3_000_000);
    const started = queued + queueMs;
    const finished = started + durationMs;
    const active = finished > NOW;
    const status: JobStatus = active ? (started > NOW ? "queued" : "running") : pick(STATUSES);
    const iso = (ms: number) => new Date(ms).toISOString();
    const source = pick(SOURCES);
    return {
      id: `${source}:${i}`,
      source,
      repo: `acme/repo-${i % 7}`,
      workflow: pick(["ci", "release"]),
      name: pick(["build", "test", "lint"]),
      runId: String(i),
      attempt: 1,
      branch: pick(["main", "dev", "feature/x"]),
      sha: `sha${i % 50}`,
      status,
      queuedAt: iso(queued),
      startedAt: status === "queued" ? null : iso(started),
      finishedAt: active ? null : iso(finished),
      queueMs: status === "queued" ? null : queueMs,
      durationMs: active ? null : durationMs,
      runner: { name: `r${i % 9}`, group: null, labels: i % 3 === 0 ? ["linux", "gpu"] : ["linux"] },
      url: null,
      failure: status === "failure" ? { cause: pick(["test", "build"]), step: "Run tests" } : null,
      steps: [],
    };
  });
}

const nearestRank = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
};

let store: Store;
let jobs: Job[];

const t = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const matches = (job: Job, f: Partial<MetricFilter>) =>
  (!f.repo || job.repo === f.repo) &&
  (!f.branch || job.branch === f.branch) &&
  (!f.source || job.source === f.source) &&
  (!f.workflow || job.workflow === f.workflow) &&
  (!f.job || job.name === f.job) &&
  (!f.label || job.runner.labels.includes(f.label));

/** The exact answer: brute force over the generated jobs. */
function exact(filter: Partial<MetricFilter>, from: number, to: number) {
  const chosen = jobs.filter((j) => matches(j, filter));
  const finished = chosen.filter((j) => (t(j.finishedAt) ?? -1) >= from && (t(j.finishedAt) ?? -1) < to);
  const started = chosen.filter((j) => (t(j.startedAt) ?? -1) >= from && (t(j.startedAt) ?? -1) < to);
  const count = (s: JobStatus) => finished.filter((j) => j.status === s).length;
  const timed = finished.filter((j) => ["success", "failure", "timed_out"].includes(j.status));
  return {
    success: count("success"),
    failure: count("failure"),
    timed_out: count("timed_out"),
    cancelled: count("cancelled"),
    finished: finished.length,
    started: started.length,
    durations: timed.map((j) => j.durationMs ?? 0),
    queues: started.map((j) => j.queueMs ?? 0),
  };
}

const expectClose = (actual: number | null, expected: number | null) => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? 0) - expected)).toBeLessThanOrEqual(Math.max(1, expected * 0.01));
};

describeEachEngine("metrics", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.create();
    store = await database.open();
    jobs = generate(3000);
    await store.importJobs(jobs);
  });
  afterAll(async () => {
    await store.close();
    await database.remove();
  });

  describe("summary", () => {
    const cases: [string, Partial<MetricFilter>][] = [
      ["everything (roll-ups plus a part-hour scan)", {}],
      ["one repo (that dimension's roll-ups)", { repo: "acme/repo-3" }],
      ["one label (label roll-ups)", { label: "gpu" }],
      ["repo and branch (raw scan)", { repo: "acme/repo-3", branch: "main" }],
    ];
    for (const window of ["1h", "24h", "3d"]) {
      for (const [name, filter] of cases) {
        it(`${window}, ${name}: matches brute force`, async () => {
          const query = metricFilterSchema.parse({ ...filter, window });
          const summary = await metricsSummary(store, query, NOW);
          const from = Date.parse(summary.from);
          const want = exact(filter, from, NOW + 1);
          expect(summary.counts).toMatchObject({
            success: want.success,
            failure: want.failure,
            timed_out: want.timed_out,
            cancelled: want.cancelled,
          });
          expect(summary.throughput).toEqual({ started: want.started, finished: want.finished });
          const rate = want.success + want.failure + want.timed_out;
          expect(summary.successRate).toBe(rate === 0 ? null : want.success / rate);
          for (const [p, key] of [
            [0.5, "p50"],
            [0.9, "p90"],
            [0.95, "p95"],
            [0.99, "p99"],
          ] as const) {
            expectClose(summary.durationMs[key], nearestRank(want.durations, p));
            expectClose(summary.queueMs[key], nearestRank(want.queues, p));
          }
          expect(summary.durationMs.max).toBe(want.durations.length ? Math.max(...want.durations) : null);
        });
      }
    }

    it("counts the jobs active now", async () => {
      const summary = await metricsSummary(store, metricFilterSchema.parse({}), NOW);
      expect(summary.counts.running).toBe(jobs.filter((j) => j.status === "running").length);
      expect(summary.counts.queued).toBe(jobs.filter((j) => j.status === "queued").length);
    });
  });

  describe("timeseries", () => {
    it("hourly buckets from roll-ups equal brute force per bucket, aligned to the hour", async () => {
      const query = timeseriesQuerySchema.parse({ metric: "throughput", window: "24h", bucket: "1h" });
      const answer = await metricsTimeseries(store, query, NOW);
      const [series] = answer.series;
      expect(answer.bucket).toBe("1h");
      expect(Date.parse(answer.from) % HOUR).toBe(0);
      expect(series?.points).toHaveLength(25);
      for (const point of series?.points ?? []) {
        const start = Date.parse(point.t);
        const want = exact({}, start, Math.min(start + HOUR, NOW + 1));
        expect([point.started, point.finished]).toEqual([want.started, want.finished]);
      }
    });

    it("15-minute buckets (raw scan, two filters) equal brute force per bucket", async () => {
      const filter = { repo: "acme/repo-1", branch: "main" };
      const query = timeseriesQuerySchema.parse({
        metric: "success_rate",
        window: "6h",
        bucket: "15m",
        ...filter,
      });
      const answer = await metricsTimeseries(store, query, NOW);
      const points = answer.series[0]?.points ?? [];
      expect(points).toHaveLength(25);
      expect(points.reduce((sum, p) => sum + p.count, 0)).toBeGreaterThan(0);
      for (const point of points) {
        const start = Date.parse(point.t);
        const want = exact(filter, start, Math.min(start + 15 * 60_000, NOW + 1));
        expect([point.success, point.failure, point.timed_out]).toEqual([
          want.success,
          want.failure,
          want.timed_out,
        ]);
      }
    });

    it("coarsens a bucket that would exceed 1,000 points", async () => {
      const answer = await metricsTimeseries(
        store,
        timeseriesQuerySchema.parse({ metric: "duration", window: "3d", bucket: "1m" }),
        NOW,
      );
      expect(answer.bucket).toBe("5m");
      expect(answer.series[0]?.points.length).toBeLessThanOrEqual(1000);
    });

    it("groups by source, one series per source, their sum the whole", async () => {
      const query = timeseriesQuerySchema.parse({
        metric: "throughput",
        window: "24h",
        bucket: "1h",
        groupBy: "source",
      });
      const answer = await metricsTimeseries(store, query, NOW);
      expect(answer.series.map((s) => s.key).sort()).toEqual([...SOURCES].sort());
      const finished = answer.series.flatMap((s) => s.points).reduce((sum, p) => sum + (p.finished ?? 0), 0);
      const from = Date.parse(answer.from);
      expect(finished).toBe(exact({}, from, NOW + 1).finished);
    });
  });

  describe("corrections", () => {
    it("a job whose finish moves to another hour leaves the old hour and joins the new one", async () => {
      const moved = jobs.find((j) => j.status === "success" && t(j.finishedAt)! < NOW - 5 * HOUR)!;
      const before = t(moved.finishedAt)!;
      const after = before + 2 * HOUR;
      const corrected: Job = {
        ...moved,
        finishedAt: new Date(after).toISOString(),
        durationMs: moved.durationMs! + 2 * HOUR,
      };
      await store.recordDelivery({
        source: moved.source,
        deliveryId: "correction-1",
        event: "test",
        kind: "data",
        receivedAt: NOW,
        body: "{}",
        observations: { jobs: [corrected], runs: [], agents: [] },
      });
      const stored = await store.getJob(moved.id);
      // The later finish wins the fold (both reports are terminal; timestamps break the tie).
      expect(stored?.finishedAt).toBe(corrected.finishedAt);
      jobs = jobs.map((j) => (j.id === moved.id && stored ? stored : j));
      const query = timeseriesQuerySchema.parse({ metric: "throughput", window: "24h", bucket: "1h" });
      const answer = await metricsTimeseries(store, query, NOW);
      for (const point of answer.series[0]?.points ?? []) {
        const start = Date.parse(point.t);
        expect(point.finished).toBe(exact({}, start, Math.min(start + HOUR, NOW + 1)).finished);
      }
    });
  });

  describe("failures", () => {
    it("groups failures by cause with exact counts; cancellations are not failures", async () => {
      const answer = await metricsFailures(
        store,
        { ...metricFilterSchema.parse({ window: "3d" }), groupBy: "cause", sample: 3, outcome: "failed" },
        NOW,
      );
      const from = Date.parse(answer.from);
      const failed = jobs.filter(
        (j) => ["failure", "timed_out"].includes(j.status) && t(j.finishedAt)! >= from,
      );
      expect(answer.outcome).toBe("failed");
      expect(answer.total).toBe(failed.length);
      expect(answer.groups.find((g) => g.key === "timeout")?.count).toBe(
        failed.filter((j) => j.status === "timed_out").length,
      );
      expect(answer.groups.find((g) => g.key === "cancelled")).toBeUndefined();
      for (const group of answer.groups) expect(group.jobs.length).toBeLessThanOrEqual(3);
    });

    it("lists cancellations alone when asked for", async () => {
      const answer = await metricsFailures(
        store,
        { ...metricFilterSchema.parse({ window: "3d" }), groupBy: "cause", sample: 3, outcome: "cancelled" },
        NOW,
      );
      const from = Date.parse(answer.from);
      const cancelled = jobs.filter((j) => j.status === "cancelled" && t(j.finishedAt)! >= from);
      expect(cancelled.length).toBeGreaterThan(0);
      expect(answer.total).toBe(cancelled.length);
      expect(answer.groups.map((g) => g.key)).toEqual(["cancelled"]);
    });
  });

  describe("workflow stats", () => {
    it("counts equal brute force, p50/p95 within the sketch's 0.5% of nearest rank", async () => {
      const from = NOW - 2 * 24 * HOUR;
      await store.refreshMetrics();
      const stats = await store.workflowStats({}, from, NOW + 1);
      const timed = jobs.filter(
        (j) =>
          ["success", "failure", "timed_out"].includes(j.status) &&
          t(j.finishedAt)! >= from &&
          t(j.finishedAt)! <= NOW,
      );
      const keys = new Set(timed.map((j) => JSON.stringify([j.repo, j.workflow])));
      expect([...stats.keys()].sort()).toEqual([...keys].sort());
      for (const [key, entry] of stats) {
        const mine = timed.filter((j) => JSON.stringify([j.repo, j.workflow]) === key);
        const durations = mine.map((j) => j.durationMs ?? 0);
        expect(entry).toMatchObject({
          success: mine.filter((j) => j.status === "success").length,
          failure: mine.filter((j) => j.status === "failure").length,
          timed_out: mine.filter((j) => j.status === "timed_out").length,
          timed: durations.length,
        });
        for (const [p, got] of [
          [0.5, entry.p50],
          [0.95, entry.p95],
        ] as const) {
          const want = nearestRank(durations, p) ?? 0;
          expect(Math.abs((got ?? 0) - want)).toBeLessThanOrEqual(Math.max(1, want * 0.005));
        }
      }
    });
  });

  describe("flaky jobs", () => {
    it("the database's candidate commits give what the rule gives over every finished job", async () => {
      const answer = await metricsFlaky(store, flakyQuerySchema.parse({ window: "3d", limit: 200 }), NOW);
      const from = Date.parse(answer.from);
      const finished = jobs.filter(
        (j) =>
          ["success", "failure", "timed_out"].includes(j.status) &&
          t(j.finishedAt)! >= from &&
          t(j.finishedAt)! <= NOW,
      );
      const expected = findFlakyJobs(finished).map(({ name, ...rest }) => ({ ...rest, job: name }));
      expect(answer.items.length).toBeGreaterThan(0);
      expect(new Set(answer.items.map((i) => JSON.stringify(i)))).toEqual(
        new Set(expected.map((i) => JSON.stringify(i))),
      );
    });
  });
});
