import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { manualClock } from "../domain/clock";
import { retentionCutoff, runRetention, scheduleRetention } from "../ingest/retention";
import { PURGE_BATCH } from "./retention";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "./store";

const DAY = 24 * 60 * 60 * 1000;
const clock = manualClock();
let store: Store;

function job(id: string, at: number, status: Job["status"]): Job {
  const iso = new Date(at).toISOString();
  return {
    id: `generic:${id}`,
    source: "generic",
    repo: "acme/api",
    workflow: "ci",
    name: "test",
    runId: "1",
    attempt: 1,
    branch: "main",
    sha: null,
    status,
    queuedAt: iso,
    startedAt: null,
    finishedAt: null,
    queueMs: null,
    durationMs: null,
    runner: { name: "rack-1", group: null, labels: ["x64", "gpu"] },
    url: null,
    failure: null,
    steps: [],
  };
}

/** Records a job event at the clock's current time. */
async function deliver(
  id: string,
  delivery: string,
  queuedAt = clock.now(),
  status: Job["status"] = "queued",
): Promise<void> {
  const next = job(id, queuedAt, status);
  await store.recordDelivery({
    source: "generic",
    deliveryId: delivery,
    event: "job",
    kind: "data",
    receivedAt: clock.now(),
    body: JSON.stringify(next),
    observations: { jobs: [next], runs: [], agents: [] },
  });
}

describeEachEngine("retention", (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    clock.set(Date.parse("2026-01-01T00:00:00Z"));
  });
  afterEach(async () => {
    await store.close();
    await database.remove();
  });

  describe("retention", () => {
    it("computes the cutoff in days", () => {
      expect(retentionCutoff(Date.parse("2026-04-01T00:00:00Z"), 90)).toBe(
        Date.parse("2026-01-01T00:00:00Z"),
      );
    });

    it("purges jobs, labels and deliveries older than the window, and audits the purge", async () => {
      await deliver("old-1", "d1");
      await deliver("old-2", "d2");
      clock.advance(50 * DAY);
      await deliver("recent", "d3");
      clock.advance(45 * DAY); // old-* are 95 days old, recent 45

      const run = await runRetention({ store, clock, days: 90 });
      expect(run).toEqual({ cutoff: clock.now() - 90 * DAY, jobs: 2, deliveries: 2 });
      expect(await store.getJob("generic:old-1")).toBeNull();
      expect(await store.getJob("generic:recent")).not.toBeNull();
      const listed = await store.listJobs({ sort: "created", limit: 50, label: "gpu" });
      expect(listed.items.map((j) => j.id)).toEqual(["generic:recent"]);

      const audit = await store.listAudit({ limit: 10 });
      expect(audit.items).toMatchObject([
        {
          actor: "system",
          action: "retention.purged",
          details: { days: 90, jobs: 2, deliveries: 2, cutoff: new Date(run.cutoff).toISOString() },
        },
      ]);

      // Nothing more to purge: no audit noise.
      expect(await runRetention({ store, clock, days: 90 })).toMatchObject({ jobs: 0, deliveries: 0 });
      expect((await store.listAudit({ limit: 10 })).items).toHaveLength(1);
    });

    it("purges runs, runners and observations that aged out with their jobs", async () => {
      const old = { ...job("gone", clock.now(), "running"), runId: "old-run" };
      old.runner = { name: "old-box", group: null, labels: [] };
      await store.recordDelivery({
        source: "generic",
        deliveryId: "d-old",
        event: "job",
        kind: "data",
        receivedAt: clock.now(),
        body: "{}",
        observations: { jobs: [old], runs: [], agents: [] },
      });
      clock.advance(50 * DAY);
      await deliver("recent", "d-recent");
      clock.advance(45 * DAY);
      expect((await store.listRunners()).map((r) => r.name).sort()).toEqual(["old-box", "rack-1"]);
      expect(await store.getRun("generic:old-run")).not.toBeNull();

      await runRetention({ store, clock, days: 90 });
      expect(await store.getRun("generic:old-run")).toBeNull();
      expect((await store.listRunners()).map((r) => r.name)).toEqual(["rack-1"]);
      // A late event for the purged job starts it afresh: no observation of it was left behind.
      await store.recordDelivery({
        source: "generic",
        deliveryId: "d-late",
        event: "job",
        kind: "data",
        receivedAt: clock.now(),
        body: "{}",
        observations: {
          jobs: [{ ...old, status: "queued", runner: { name: null, group: null, labels: [] } }],
          runs: [],
          agents: [],
        },
      });
      expect(await store.getJob("generic:gone")).toMatchObject({ status: "queued", runner: { name: null } });
    });

    it("keeps an old job that is still receiving events", async () => {
      const queuedAt = clock.now();
      await deliver("long", "d1", queuedAt);
      clock.advance(100 * DAY);
      await deliver("long", "d2", queuedAt, "running");
      expect(await runRetention({ store, clock, days: 90 })).toMatchObject({ jobs: 0, deliveries: 1 });
      expect(await store.getJob("generic:long")).not.toBeNull();
    });

    it("purges in batches larger than one transaction", async () => {
      for (let i = 0; i < PURGE_BATCH + 20; i++) await deliver(`j${i}`, `d${i}`);
      clock.advance(91 * DAY);
      await deliver("fresh", "fresh");
      expect(await store.purgeJobsBefore(retentionCutoff(clock.now(), 90))).toEqual({
        jobs: PURGE_BATCH + 20,
        deliveries: PURGE_BATCH + 20,
      });
      expect((await store.listJobs({ sort: "created", limit: 50 })).items).toHaveLength(1);
    });

    it("runs on a schedule, once at start", async () => {
      await deliver("old", "d1");
      clock.advance(91 * DAY);
      const runs: number[] = [];
      const schedule = scheduleRetention({
        store,
        clock,
        days: 90,
        everyMs: 60_000,
        onRun: (run) => runs.push(run.jobs),
        onError: (error) => {
          throw error;
        },
      });
      await schedule.stop();
      expect(runs).toEqual([1]);
    });
  });
});
