import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import type { Store } from "./store";

const T0 = Date.parse("2026-01-01T00:00:00Z");
let store: Store;

const failed: Job = {
  id: "github:7",
  source: "github",
  repo: "acme/api",
  workflow: "ci",
  name: "test",
  runId: "1",
  attempt: 1,
  branch: "main",
  sha: null,
  status: "failure",
  queuedAt: new Date(T0).toISOString(),
  startedAt: null,
  finishedAt: new Date(T0).toISOString(),
  queueMs: null,
  durationMs: null,
  runner: { name: null, group: null, labels: [] },
  url: null,
  failure: { cause: "test", step: null },
  steps: [],
};

async function recordAndQueue(delivery: string): Promise<void> {
  await store.writeBatch((batch) =>
    batch.item(async (writes) => {
      await writes.recordDelivery({
        source: "github",
        deliveryId: delivery,
        event: "workflow_job",
        kind: "data",
        receivedAt: T0,
        body: "{}",
        observations: { jobs: [failed], runs: [], agents: [] },
      });
      await writes.queueLogFetch([failed.id], T0);
    }),
  );
}

const tail = {
  lines: ["Error: x"],
  firstErrorLine: 0,
  category: "code" as const,
  signal: "test" as const,
  fetchedAt: T0 + 5,
};

describeEachEngine("log tails store", (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.remove();
  });

  describe("log tails", () => {
    it("queues a job once, retries, stores once, and never queues it again", async () => {
      await recordAndQueue("d1");
      expect(await store.dueLogFetches(T0, 10)).toEqual([{ jobId: "github:7", attempts: 0, job: failed }]);
      await store.retryLogFetch("github:7", T0 + 1000, "github answered 502");
      expect(await store.dueLogFetches(T0 + 999, 10)).toEqual([]);
      expect((await store.dueLogFetches(T0 + 1000, 10))[0]?.attempts).toBe(1);

      await store.storeLogTail("github:7", tail);
      await recordAndQueue("d2");
      expect(await store.dueLogFetches(T0 + 86_400_000, 10)).toEqual([]);
      expect(await store.getLogTail("github:7")).toEqual({
        jobId: "github:7",
        lines: ["Error: x"],
        firstErrorLine: 0,
        category: "code",
        signal: "test",
        fetchedAt: "2026-01-01T00:00:00.005Z",
      });
      // A stored tail is final: a late give-up changes nothing.
      await store.giveUpLogFetch("github:7", "late");
      expect((await store.getLogTail("github:7"))?.lines).toEqual(["Error: x"]);
      expect(await store.logCategories(["github:7", "github:8"])).toEqual(new Map([["github:7", "code"]]));
    });

    it("is purged with its job by retention", async () => {
      await recordAndQueue("d1");
      await store.storeLogTail("github:7", tail);
      expect(await store.purgeJobsBefore(T0 + 1)).toMatchObject({ jobs: 1 });
      expect(await store.getLogTail("github:7")).toBeNull();
      expect(await store.logCategories(["github:7"])).toEqual(new Map());
    });
  });
});
