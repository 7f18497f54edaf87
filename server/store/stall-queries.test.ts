/**
 * The stall radar's store reads and its one write, on both engines: jobs
 * running now, delivery times newest first, and an admin's "mark lost"
 * (marked once, finished refused, unknown not found).
 */
import { describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { describeEachEngine, freshStorePerTest } from "../test/engines/stores";

const T0 = Date.parse("2026-03-01T10:00:00Z");
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

function job(id: string, status: Job["status"]): Job {
  const started = status !== "queued";
  const done = status === "success";
  return {
    id: `gitlab:${id}`,
    source: "gitlab",
    repo: "acme/api",
    workflow: "pipeline",
    name: `job-${id}`,
    runId: "77",
    attempt: 1,
    branch: "main",
    sha: "abc",
    status,
    queuedAt: iso(0),
    startedAt: started ? iso(1_000) : null,
    finishedAt: done ? iso(61_000) : null,
    queueMs: started ? 1_000 : null,
    durationMs: done ? 60_000 : null,
    runner: { name: started ? "runner-1" : null, group: null, labels: ["docker", "linux"] },
    url: null,
    failure: null,
    steps: [],
  };
}

describeEachEngine("stall radar store", (engine) => {
  const t = freshStorePerTest(engine);

  describe("markJobLost", () => {
    it("marks an active job once, refuses a finished one, and knows no unknown one", async () => {
      await t.store.importJobs([job("1", "queued"), job("2", "running"), job("3", "success")]);
      const first = await t.store.markJobLost("gitlab:1", T0 + 5_000);
      expect(first).toMatchObject({
        outcome: "marked",
        change: { current: { id: "gitlab:1", lost: true, lostMarkedAt: iso(5_000) } },
      });
      if (first.outcome !== "marked") throw new Error("not marked");
      expect(first.change.previous?.lostMarkedAt).toBeUndefined();
      // Stored: the waiting read returns it marked (the queue figures leave it out).
      expect((await t.store.waitingJobs({})).map((j) => [j.id, j.lost, j.lostMarkedAt])).toEqual([
        ["gitlab:1", true, iso(5_000)],
      ]);
      // Again: nothing changes (the first mark's time stays).
      const again = await t.store.markJobLost("gitlab:1", T0 + 9_000);
      expect(again.outcome === "marked" && again.change.current === again.change.previous).toBe(true);
      expect(again).toMatchObject({ change: { current: { lostMarkedAt: iso(5_000) } } });

      expect(await t.store.markJobLost("gitlab:3", T0)).toMatchObject({
        outcome: "finished",
        job: { status: "success" },
      });
      expect(await t.store.markJobLost("gitlab:404", T0)).toEqual({ outcome: "not_found" });
      expect((await t.store.runningJobs()).map((j) => j.id)).toEqual(["gitlab:2"]);
    });
  });

  describe("deliveryTimes", () => {
    it("reads delivery times since `from`, newest first, at most `limit`", async () => {
      await t.database.execRaw(
        [1_000, 2_000, 3_000, 4_000].map(
          (at, i) =>
            `INSERT INTO deliveries (source, delivery_id, event, kind, job_id, received_at, body) VALUES ('${i % 2 ? "gitlab" : "github"}', 'd${i}', 'workflow_job', 'job', NULL, ${T0 + at}, '{}')`,
        ),
      );
      expect(await t.store.deliveryTimes(T0 + 2_000, 2)).toEqual([
        { source: "gitlab", receivedAt: T0 + 4_000 },
        { source: "github", receivedAt: T0 + 3_000 },
      ]);
      expect(await t.store.deliveryTimes(T0 + 5_000, 10)).toEqual([]);
    });
  });
});
