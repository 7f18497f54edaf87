import { describe, expect, it } from "vitest";
import { describeEachEngine, freshStorePerTest } from "../test/engines/stores";

const T = Date.parse("2026-03-02T10:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

describeEachEngine("queue intelligence store", (engine) => {
  const stores = freshStorePerTest(engine);

  describe("queue depth", () => {
    it("keeps the most and the last of each minute, per pool", async () => {
      const { store } = stores;
      await store.recordQueueDepth("gpu", T + 1_000, 2, 1);
      await store.recordQueueDepth("gpu", T + 20_000, 5, 0);
      await store.recordQueueDepth("gpu", T + 50_000, 3, 2);
      await store.recordQueueDepth("gpu", T + MIN, 1, 1);
      await store.recordQueueDepth("k8s", T + 5_000, 7, 7);
      expect(await store.queueDepth("gpu", T, T + 2 * MIN)).toEqual([
        { pool: "gpu", minute: T, waitingMax: 5, runningMax: 2, waitingLast: 3, runningLast: 2 },
        { pool: "gpu", minute: T + MIN, waitingMax: 1, runningMax: 1, waitingLast: 1, runningLast: 1 },
      ]);
      expect((await store.queueDepth(null, T, T + MIN)).map((r) => r.pool)).toEqual(["gpu", "k8s"]);
    });
  });

  describe("ETA outcomes", () => {
    it("records a job's first outcome only, reads by start, and purges before the cutoff", async () => {
      const { store } = stores;
      const outcome = {
        jobId: "github:1",
        pool: "gpu",
        givenAt: T,
        predictedStart: T + MIN,
        actualStart: T + 2 * MIN,
      };
      await store.recordEtaOutcome(outcome);
      await store.recordEtaOutcome({ ...outcome, predictedStart: T + 9 * MIN });
      await store.recordEtaOutcome({ ...outcome, jobId: "github:2", pool: "k8s", actualStart: T + 30 * MIN });
      expect(await store.etaOutcomes("gpu", T, T + HOUR)).toEqual([outcome]);
      expect((await store.etaOutcomes(null, T, T + HOUR)).map((o) => o.jobId)).toEqual([
        "github:1",
        "github:2",
      ]);
      await store.recordQueueDepth("gpu", T, 1, 0);
      await store.purgeQueueIntelBefore(T + 10 * MIN);
      expect((await store.etaOutcomes(null, T, T + HOUR)).map((o) => o.jobId)).toEqual(["github:2"]);
      expect(await store.queueDepth(null, T, T + HOUR)).toEqual([]);
    });
  });
});
