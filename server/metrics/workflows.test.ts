/**
 * The regression rule on crafted data in a real SQLite file: recent p50/p95
 * against the baseline window just before, flagged past the threshold, and
 * only with enough jobs on both sides.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { workflowsQuerySchema } from "../../lib/metrics";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "../store/store";
import { metricsWorkflows } from "./workflows";

const NOW = Date.parse("2026-04-20T12:00:00Z");
const DAY = 86_400_000;
let store: Store;
let seq = 0;

/** A finished job of `workflow` that ran `seconds`, finishing `daysAgo` days before NOW. */
function job(workflow: string, seconds: number, daysAgo: number, status: Job["status"] = "success"): Job {
  const finished = NOW - daysAgo * DAY;
  const started = finished - seconds * 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  seq += 1;
  return {
    id: `generic:${seq}`,
    source: "generic",
    repo: "acme/app",
    workflow,
    name: "build",
    runId: String(seq),
    attempt: 1,
    branch: "main",
    sha: `sha${seq}`,
    status,
    queuedAt: iso(started - 1000),
    startedAt: iso(started),
    finishedAt: iso(finished),
    queueMs: 1000,
    durationMs: seconds * 1000,
    runner: { name: "r1", group: null, labels: ["linux"] },
    url: null,
    failure: null,
    steps: [],
  };
}

const repeat = (n: number, make: (i: number) => Job) => Array.from({ length: n }, (_, i) => make(i));

describeEachEngine("workflow health", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.create();
    store = await database.open();
    await store.importJobs([
      // slower: 100 s in the baseline, 150 s now (+50%).
      ...repeat(10, (i) => job("slower", 100, 10 + i)),
      ...repeat(10, (i) => job("slower", 150, 1 + i * 0.5)),
      // steady: 100 s → 105 s (+5%), under the 20% threshold.
      ...repeat(10, (i) => job("steady", 100, 10 + i)),
      ...repeat(10, (i) => job("steady", 105, 1 + i * 0.5)),
      // sparse: much slower, but only 3 recent jobs: not enough to call it.
      ...repeat(10, (i) => job("sparse", 100, 10 + i)),
      ...repeat(3, (i) => job("sparse", 400, 1 + i)),
      // flaky-ish: 2 of 8 recent jobs failed.
      ...repeat(6, (i) => job("shaky", 60, 1 + i * 0.5)),
      ...repeat(2, (i) => job("shaky", 60, 2 + i * 0.5, "failure")),
    ]);
  });
  afterAll(async () => {
    await store.close();
    await database.remove();
  });

  describe("workflow health", () => {
    it("flags a workflow whose p50 and p95 grew past the threshold, and only that one", async () => {
      const answer = await metricsWorkflows(
        store,
        workflowsQuerySchema.parse({ window: "7d", baseline: "28d" }),
        NOW,
      );
      expect(answer.regressions.map((w) => w.workflow)).toEqual(["slower"]);
      const slower = answer.regressions[0];
      expect(slower).toMatchObject({
        p50: 150_000,
        p95: 150_000,
        baseline: { total: 10, p50: 100_000, p95: 100_000 },
      });
      expect(slower?.change.p50).toBeCloseTo(0.5, 10);
      const steady = answer.slowest.find((w) => w.workflow === "steady");
      expect(steady?.change.p50).toBeCloseTo(0.05, 10);
      expect(steady?.regression).toBe(false);
      expect(answer.slowest.find((w) => w.workflow === "sparse")).toMatchObject({
        p50: 400_000,
        regression: false,
      });
    });

    it("lowers the bar with the threshold, and ranks reliability", async () => {
      const strict = await metricsWorkflows(
        store,
        workflowsQuerySchema.parse({ window: "7d", baseline: "28d", threshold: "0.01" }),
        NOW,
      );
      expect(strict.regressions.map((w) => w.workflow)).toEqual(["slower", "steady"]);
      expect(strict.leastReliable[0]).toMatchObject({ workflow: "shaky", total: 8, successRate: 0.75 });
    });
  });
});
