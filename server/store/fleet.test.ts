import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import { runQuerySchema } from "../../lib/api";
import type { AgentObservation, Observations } from "../ingest/source";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { DeliveryRecord, Store } from "./store";

const T0 = Date.parse("2026-03-01T10:00:00Z");
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();
let store: Store;
let seq = 0;

function job(id: string, status: Job["status"], overrides: Partial<Job> = {}): Job {
  const running = status !== "queued";
  const done = !["queued", "waiting", "running"].includes(status);
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
    startedAt: running ? iso(1_000) : null,
    finishedAt: done ? iso(61_000) : null,
    queueMs: null,
    durationMs: null,
    // A project runner: an instance runner (GitLab.com's shared ones) is hosted and retires after its job.
    runner: { name: "runner-1", group: "project_type", labels: ["docker", "linux"] },
    url: null,
    failure: null,
    steps: [],
    ...overrides,
  };
}

function run(status: Job["status"], overrides: Partial<PipelineRun> = {}): PipelineRun {
  return {
    id: "gitlab:77",
    source: "gitlab",
    repo: "acme/api",
    workflow: "pipeline",
    runId: "77",
    number: 12,
    attempt: 1,
    trigger: "push",
    branch: "main",
    sha: "abc",
    status,
    queuedAt: iso(0),
    startedAt: iso(1_000),
    finishedAt: status === "success" || status === "failure" ? iso(90_000) : null,
    durationMs: null,
    url: "https://gitlab.example/acme/api/-/pipelines/77",
    reported: true,
    ...overrides,
  };
}

const agent = (state: AgentObservation["state"], atMs: number): AgentObservation => ({
  source: "buildkite",
  name: "agent-1",
  id: "a-1",
  group: "default",
  labels: ["queue=default"],
  state,
  at: iso(atMs),
});

function deliver(observations: Partial<Observations>, options: { id?: string; at?: number } = {}) {
  const record: DeliveryRecord = {
    source: observations.agents?.length ? "buildkite" : "gitlab",
    deliveryId: options.id ?? `d-${++seq}`,
    event: "test",
    kind: "data",
    receivedAt: options.at ?? T0,
    body: JSON.stringify(observations),
    observations: { jobs: [], runs: [], agents: [], ...observations },
  };
  return store.recordDelivery(record);
}

describeEachEngine("runs, runners, delivery health", (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.remove();
  });

  describe("runs", () => {
    it("derives a run nobody reported from its jobs, with job counts", async () => {
      await deliver({ jobs: [job("1", "running"), job("2", "queued")] });
      let page = await store.listRuns(runQuerySchema.parse({}));
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ id: "gitlab:77", status: "running", reported: false });
      expect(page.items[0]?.jobs).toEqual({ total: 2, running: 1, queued: 1 });

      await deliver({ jobs: [job("1", "success"), job("2", "failure")] });
      page = await store.listRuns(runQuerySchema.parse({}));
      expect(page.items[0]).toMatchObject({
        status: "failure",
        startedAt: iso(1_000),
        finishedAt: iso(61_000),
      });
      expect(page.items[0]?.durationMs).toBe(60_000);
      const detail = await store.getRun("gitlab:77");
      expect(detail?.jobs.map((j) => j.id).sort()).toEqual(["gitlab:1", "gitlab:2"]);
    });

    it("lets the vendor's report of the run decide its status, in either order", async () => {
      await deliver({ runs: [run("success")] });
      await deliver({ jobs: [job("1", "failure")] });
      const a = (await store.getRun("gitlab:77"))?.run;
      expect(a).toMatchObject({ status: "success", reported: true, number: 12 });

      // A new, empty database: the same deliveries in the other order.
      await store.close();
      await database.remove();
      database = await engine.create();
      store = await database.open();
      await deliver({ jobs: [job("1", "failure")] });
      await deliver({ runs: [run("success")] });
      expect((await store.getRun("gitlab:77"))?.run).toEqual(a);
    });

    it("filters and pages runs", async () => {
      for (let i = 0; i < 5; i++)
        await deliver({
          runs: [run("success", { id: `gitlab:${i}`, runId: String(i), queuedAt: iso(i * 1000) })],
        });
      await deliver({ runs: [run("failure", { id: "gitlab:9", runId: "9" })] });
      const failed = await store.listRuns(runQuerySchema.parse({ status: "failure" }));
      expect(failed.items.map((r) => r.id)).toEqual(["gitlab:9"]);
      const first = await store.listRuns(runQuerySchema.parse({ limit: "4" }));
      const second = await store.listRuns(runQuerySchema.parse({ limit: "4", cursor: first.nextCursor }));
      expect([...first.items, ...second.items].map((r) => r.id)).toHaveLength(6);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe("runners", () => {
    it("goes busy with a running job and idle when it finishes", async () => {
      let out = await deliver({ jobs: [job("1", "running")] }, { at: T0 + 1_000 });
      expect(out.runners[0]?.current).toMatchObject({
        id: "gitlab:runner-1",
        status: "busy",
        currentJobId: "gitlab:1",
        labels: ["docker", "linux"],
      });
      out = await deliver({ jobs: [job("1", "success")] }, { at: T0 + 61_000 });
      expect(out.runners[0]?.current).toMatchObject({
        status: "idle",
        currentJobId: null,
        lastSeenAt: iso(61_000),
      });
      // A late duplicate-ish event for the finished job does not make it busy again.
      await deliver({ jobs: [job("1", "running")] }, { at: T0 + 62_000 });
      expect((await store.listRunners())[0]).toMatchObject({ status: "idle" });
    });

    it("follows agent connects and disconnects by their time, not arrival order", async () => {
      await deliver({ agents: [agent("disconnected", 5_000)] });
      await deliver({ agents: [agent("connected", 1_000)] });
      expect((await store.listRunners())[0]).toMatchObject({ status: "offline", connected: false });
      await deliver({ agents: [agent("connected", 9_000)] });
      expect((await store.listRunners())[0]).toMatchObject({ status: "idle", connected: true });
    });
  });

  describe("delivery health", () => {
    it("counts accepted, duplicate, ignored and refused deliveries per source", async () => {
      await deliver({ jobs: [job("1", "queued")] }, { id: "same", at: T0 });
      const dup = await deliver({ jobs: [job("1", "queued")] }, { id: "same", at: T0 + 5 });
      expect(dup.duplicate).toBe(true);
      await store.recordDelivery({
        source: "gitlab",
        deliveryId: "push",
        event: "Push Hook",
        kind: "ignored",
        receivedAt: T0 + 10,
        body: "{}",
        observations: { jobs: [], runs: [], agents: [] },
      });
      await store.countDelivery("gitlab", "rejected", T0 + 20);
      const stats = await store.countDelivery("gitlab", "invalid", T0 + 30);
      expect(stats).toEqual({
        source: "gitlab",
        counts: { accepted: 1, duplicate: 1, ignored: 1, rejected: 1, invalid: 1 },
        lastDeliveryAt: iso(30),
        lastAcceptedAt: iso(10),
        lastRefusedAt: iso(30),
      });
      expect(await store.listDeliveryStats()).toEqual([stats]);
    });
  });

  describe("lost jobs", () => {
    it("flags active jobs silent since the cutoff, once, and the next event clears the flag", async () => {
      await deliver({ jobs: [job("1", "running"), job("2", "success")] }, { at: T0 });
      await deliver({ jobs: [job("3", "queued", { runId: "78" })] }, { at: T0 + 60_000 });
      const flagged = await store.flagLostJobs(T0 + 30_000, T0 + 90_000);
      expect(flagged.map((c) => c.current.id)).toEqual(["gitlab:1"]);
      expect(flagged[0]?.current.lost).toBe(true);
      expect(await store.flagLostJobs(T0 + 30_000, T0 + 90_000)).toEqual([]);
      expect(await store.countLostJobs()).toEqual({ gitlab: 1 });

      await deliver({ jobs: [job("1", "success")] }, { at: T0 + 100_000 });
      expect((await store.getJob("gitlab:1"))?.lost).toBeUndefined();
      expect(await store.countLostJobs()).toEqual({});
    });
  });

  describe("reapplyDelivery", () => {
    it("rebuilds each job from nothing in a new generation, and is idempotent", async () => {
      await deliver({ jobs: [job("1", "running")] });
      // What an older normaliser stored: a wrong name that later deliveries never overwrite.
      await deliver({ jobs: [job("1", "success", { name: "stale-name" })] });
      expect((await store.getJob("gitlab:1"))?.name).toBe("stale-name");

      const deliveries = await store.readDeliveriesAfter(0, 10);
      expect(deliveries).toHaveLength(2);
      expect(await store.countDeliveries()).toBe(2);
      for (const generation of ["g1", "g2"]) {
        for (const d of deliveries) {
          // The "current normaliser" reads the right name from every delivery.
          const parsed = JSON.parse(d.body) as { jobs: Job[] };
          await store.reapplyDelivery(
            d,
            { jobs: parsed.jobs.map((j) => ({ ...j, name: "job-1" })), runs: [], agents: [] },
            generation,
          );
        }
        expect(await store.getJob("gitlab:1")).toMatchObject({ name: "job-1", status: "success" });
      }
    });
  });
});
