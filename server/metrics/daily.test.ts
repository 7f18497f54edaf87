/**
 * Daily roll-ups against brute force on a real SQLite file: jobs packed
 * around midnights, windows that start and end on and off day edges, the
 * repo+branch and repo+workflow pair roll-ups, and a correction that moves a
 * job from one day to the next.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job, JobStatus } from "../../lib/job";
import { metricFilterSchema } from "../../lib/metrics";
import { Random } from "../../lib/random";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "../store/store";
import { metricsSummary } from "./summary";

const DAY = 86_400_000;
const HOUR = 3_600_000;
// 00:20 UTC: the last day is only twenty minutes old.
const NOW = Date.parse("2026-05-06T00:20:00.000Z");
const MIDNIGHT = Date.parse("2026-05-06T00:00:00.000Z");
const STATUSES: JobStatus[] = ["success", "success", "success", "failure", "timed_out", "cancelled"];

let store: Store;
let jobs: Job[];

function generate(n: number): Job[] {
  const random = new Random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;
  const iso = (ms: number) => new Date(ms).toISOString();
  return Array.from({ length: n }, (_, i) => {
    // Half the jobs finish within a minute of a midnight (including exactly on it).
    const midnight = MIDNIGHT - Math.floor(random.next() * 5) * DAY;
    const finished =
      i % 2 === 0
        ? midnight + Math.floor((random.next() - 0.5) * 120_000) * (i % 10 === 0 ? 0 : 1)
        : NOW - 1 - Math.floor(random.next() * 5 * DAY);
    const durationMs = 1000 + Math.floor(random.next() ** 2 * 2 * HOUR);
    const started = finished - durationMs;
    return {
      id: `generic:${i}`,
      source: "generic",
      repo: pick(["acme/a", "acme/b"]),
      workflow: pick(["ci", "deploy"]),
      name: "build",
      runId: String(i),
      attempt: 1,
      branch: pick(["main", "dev"]),
      sha: `sha${i % 40}`,
      status: pick(STATUSES),
      queuedAt: iso(started - 5000),
      startedAt: iso(started),
      finishedAt: iso(finished),
      queueMs: 5000,
      durationMs,
      runner: { name: "r1", group: null, labels: ["linux"] },
      url: null,
      failure: null,
      steps: [],
    };
  });
}

const t = (iso: string | null) => (iso === null ? -1 : Date.parse(iso));
const TIMED = ["success", "failure", "timed_out"];
const nearestRank = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
};

/** Workflow stats over [from, to) equal brute force: counts exactly, percentiles within 0.5%. */
async function expectWorkflowStats(filter: { repo?: string; branch?: string }, from: number, to: number) {
  const stats = await store.workflowStats(filter, from, to);
  const timed = jobs.filter(
    (j) =>
      TIMED.includes(j.status) &&
      t(j.finishedAt) >= from &&
      t(j.finishedAt) < to &&
      (!filter.repo || j.repo === filter.repo) &&
      (!filter.branch || j.branch === filter.branch),
  );
  const keys = [...new Set(timed.map((j) => JSON.stringify([j.repo, j.workflow])))].sort();
  expect([...stats.keys()].sort()).toEqual(keys);
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
}

describeEachEngine("daily roll-ups", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.create();
    store = await database.open();
    jobs = generate(2000);
    await store.importJobs(jobs);
    await store.refreshMetrics();
  });
  afterAll(async () => {
    await store.close();
    await database.remove();
  });

  describe("daily roll-ups", () => {
    const windows: [string, number, number][] = [
      ["whole days, on midnights", MIDNIGHT - 3 * DAY, MIDNIGHT],
      ["a millisecond off each midnight", MIDNIGHT - 3 * DAY + 1, MIDNIGHT - 1],
      ["unaligned start and end", MIDNIGHT - 3 * DAY - 7 * HOUR - 123, MIDNIGHT - DAY + 5 * HOUR + 17],
      ["ending now", NOW - 4 * DAY, NOW + 1],
      ["inside one day", MIDNIGHT - 2 * DAY + HOUR, MIDNIGHT - DAY - HOUR],
    ];
    for (const [name, from, to] of windows) {
      it(`workflow stats, ${name}: equal brute force (roll-ups, a repo, a branch read raw)`, async () => {
        await expectWorkflowStats({}, from, to);
        await expectWorkflowStats({ repo: "acme/b" }, from, to);
        await expectWorkflowStats({ repo: "acme/b", branch: "dev" }, from, to);
      });
    }

    it("summaries by repo and branch (the pair's daily rows, raw part-days) count exactly", async () => {
      for (const window of ["1h", "25h", "3d", "5d"]) {
        const summary = await metricsSummary(
          store,
          metricFilterSchema.parse({ window, repo: "acme/a", branch: "main" }),
          NOW,
        );
        const from = Date.parse(summary.from);
        const mine = jobs.filter((j) => j.repo === "acme/a" && j.branch === "main");
        const finished = mine.filter((j) => t(j.finishedAt) >= from && t(j.finishedAt) <= NOW);
        expect(summary.counts.success).toBe(finished.filter((j) => j.status === "success").length);
        expect(summary.counts.failure).toBe(finished.filter((j) => j.status === "failure").length);
        expect(summary.throughput).toEqual({
          finished: finished.length,
          started: mine.filter((j) => t(j.startedAt) >= from && t(j.startedAt) <= NOW).length,
        });
      }
    });

    it("a correction moving a job across midnight leaves the old day and joins the new one", async () => {
      const moved = jobs.find(
        (j) =>
          j.status === "success" &&
          t(j.finishedAt) < MIDNIGHT - 2 * DAY &&
          t(j.finishedAt) > MIDNIGHT - 3 * DAY,
      );
      if (!moved) throw new Error("the generator always makes one");
      // Whole days merged and kept (the day cache) before the correction...
      await expectWorkflowStats({}, MIDNIGHT - 3 * DAY, MIDNIGHT);
      const corrected: Job = { ...moved, finishedAt: new Date(MIDNIGHT - 2 * DAY + HOUR).toISOString() };
      await store.recordDelivery({
        source: moved.source,
        deliveryId: "move-day",
        event: "test",
        kind: "data",
        receivedAt: NOW,
        body: "{}",
        observations: { jobs: [corrected], runs: [], agents: [] },
      });
      const stored = await store.getJob(moved.id);
      expect(stored?.finishedAt).toBe(corrected.finishedAt);
      jobs = jobs.map((j) => (j.id === moved.id && stored ? stored : j));
      await store.refreshMetrics();
      await expectWorkflowStats({}, MIDNIGHT - 3 * DAY, MIDNIGHT - 2 * DAY);
      await expectWorkflowStats({}, MIDNIGHT - 2 * DAY, MIDNIGHT - DAY);
      // ...are not served once those days were rebuilt.
      await expectWorkflowStats({}, MIDNIGHT - 3 * DAY, MIDNIGHT);
    });

    it("a correction written and rolled up by another connection is seen through the day cache", async () => {
      await expectWorkflowStats({}, MIDNIGHT - 4 * DAY, MIDNIGHT);
      const flipped = jobs.find(
        (j) =>
          j.status === "success" &&
          t(j.finishedAt) >= MIDNIGHT - 4 * DAY + HOUR &&
          t(j.finishedAt) < MIDNIGHT - 3 * DAY - HOUR,
      );
      if (!flipped) throw new Error("the generator always makes one");
      const other = await database.open();
      try {
        await other.recordDelivery({
          source: flipped.source,
          deliveryId: "flip-elsewhere",
          event: "test",
          kind: "data",
          receivedAt: NOW + 1,
          body: "{}",
          observations: { jobs: [{ ...flipped, status: "failure" }], runs: [], agents: [] },
        });
        await other.refreshMetrics();
      } finally {
        await other.close();
      }
      const stored = await store.getJob(flipped.id);
      expect(stored?.status).toBe("failure");
      jobs = jobs.map((j) => (j.id === flipped.id && stored ? stored : j));
      // Nothing is dirty for this connection any more: only data_version tells it.
      await store.refreshMetrics();
      await expectWorkflowStats({}, MIDNIGHT - 4 * DAY, MIDNIGHT);
    });
  });
});
