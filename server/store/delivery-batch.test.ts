/**
 * A batch's deliveries stored in one multi-row insert and counted in one
 * upsert, on both engines — and the batch contract kept around it: a failing
 * item leaves no delivery row behind, and a later copy of its delivery in the
 * same batch stores it. (The up-front insert being refused altogether is
 * `writer.test.ts`'s poisoned delivery.)
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { failedJob } from "../alerts/alerts.test-fixtures";
import { DomainEvents } from "../domain/events";
import { createIngestWriter } from "../ingest/writer";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";
import { createDeliveryStore } from "./delivery-store";
import type { Database } from "./schema";
import type { Kysely } from "kysely";
import type { DeliveryRecord, DeliveryStore } from "./store";

/** Counts the INSERT statements run per table. */
class InsertCounter implements KyselyPlugin {
  readonly inserts = new Map<string, number>();
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === "InsertQueryNode") {
      const table = node.into?.table.identifier.name ?? "?";
      this.inserts.set(table, (this.inserts.get(table) ?? 0) + 1);
    }
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

const T0 = Date.parse("2026-03-01T12:00:00Z");
const delivery = (id: string, job: Job): DeliveryRecord => ({
  source: "github",
  deliveryId: id,
  event: "workflow_job",
  kind: "data",
  receivedAt: T0,
  body: `{"id":"${id}"}`,
  observations: { jobs: [job], runs: [], agents: [] },
});

let database: TestDatabase;
let db: Kysely<Database>;
let counter: InsertCounter;
let store: DeliveryStore;

describeEachEngine("batched delivery writes", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    db = await database.kysely();
    counter = new InsertCounter();
    store = createDeliveryStore(db.withPlugin(counter));
  });
  afterEach(async () => {
    await db.destroy();
    await database.remove();
  });

  it("stores a batch's deliveries in one insert and counts them in one upsert", async () => {
    const writer = createIngestWriter({ store, events: new DomainEvents() });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        writer.record(delivery(`d${n}`, failedJob({ id: `github:${n}` }))),
      ),
    );
    await writer.close();
    expect(writer.stats()).toEqual({ batches: 1, items: 10 });
    expect(counter.inserts.get("deliveries")).toBe(1);
    expect(counter.inserts.get("delivery_stats")).toBe(1);
    // Every item answers with its source's counts as the batch committed.
    for (const outcome of outcomes) {
      expect(outcome.stats.counts).toEqual({
        accepted: 10,
        duplicate: 0,
        ignored: 0,
        rejected: 0,
        invalid: 0,
      });
      expect(outcome.stats.lastAcceptedAt).toBe("2026-03-01T12:00:00.000Z");
    }
    const rows = await db.selectFrom("deliveries").select("delivery_id").orderBy("seq").execute();
    expect(rows.map((r) => r.delivery_id)).toEqual([
      "d0",
      "d1",
      "d2",
      "d3",
      "d4",
      "d5",
      "d6",
      "d7",
      "d8",
      "d9",
    ]);
  });

  it("answers a stored delivery and a second copy in the batch as duplicates", async () => {
    await store.recordDelivery(delivery("old", failedJob({ id: "github:1" })));
    const outcomes = await store.writeBatch(async (batch) => {
      const records = [
        delivery("old", failedJob({ id: "github:1" })),
        delivery("new", failedJob({ id: "github:2" })),
        delivery("new", failedJob({ id: "github:2" })),
      ];
      await batch.prepare(records);
      const answered = [];
      for (const record of records) answered.push(await batch.item((w) => w.recordDelivery(record)));
      return answered;
    });
    expect(outcomes.map((o) => o.duplicate)).toEqual([true, false, true]);
    expect(outcomes[2]?.stats.counts).toEqual({
      accepted: 2,
      duplicate: 2,
      ignored: 0,
      rejected: 0,
      invalid: 0,
    });
    const rows = await db.selectFrom("deliveries").select("delivery_id").orderBy("seq").execute();
    expect(rows.map((r) => r.delivery_id)).toEqual(["old", "new"]);
  });

  it("deletes the row of a failing item, and a later copy of its delivery stores it", async () => {
    const first = delivery("twice", failedJob({ id: "github:7" }));
    const copy = delivery("twice", failedJob({ id: "github:7" }));
    const lone = delivery("lone", failedJob({ id: "github:8" }));
    const settled = await store.writeBatch(async (batch) => {
      await batch.prepare([first, lone, copy]);
      const fail = (record: DeliveryRecord) =>
        batch.item(async (w) => {
          await w.recordDelivery(record);
          throw new Error("refused after storing");
        });
      return Promise.allSettled([fail(first), fail(lone), batch.item((w) => w.recordDelivery(copy))]);
    });
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(settled[2]).toMatchObject({ value: { duplicate: false } });
    const rows = await db.selectFrom("deliveries").select(["delivery_id", "job_id"]).execute();
    expect(rows).toEqual([{ delivery_id: "twice", job_id: "github:7" }]);
    const stats = await db.selectFrom("delivery_stats").select(["accepted", "duplicate"]).execute();
    expect(stats).toEqual([{ accepted: 1, duplicate: 0 }]);
    // The refused lone delivery is not a duplicate when it comes again.
    expect((await store.recordDelivery(lone)).duplicate).toBe(false);
    // The failed items' observations were dropped with them: one from the copy, one from `lone` now.
    const logged = await db.selectFrom("job_observations").select("job_id").orderBy("id").execute();
    expect(logged.map((r) => r.job_id)).toEqual(["github:7", "github:8"]);
  });

  it("logs a batch's observations, values and stale hours in one statement each; later events see earlier ones", async () => {
    const running = failedJob({
      id: "github:5",
      status: "running",
      finishedAt: null,
      durationMs: null,
      failure: null,
    });
    const records = [
      delivery("a", running),
      delivery("b", failedJob({ id: "github:6", repo: "acme/web" })),
      delivery("c", failedJob({ id: "github:5" })),
    ];
    const outcomes = await store.writeBatch(async (batch) => {
      await batch.prepare(records);
      const answered = [];
      for (const record of records) answered.push(await batch.item((w) => w.recordDelivery(record)));
      return answered;
    });
    expect(counter.inserts.get("job_observations")).toBe(1);
    expect(counter.inserts.get("job_values")).toBe(1);
    expect(counter.inserts.get("metric_dirty")).toBe(1);
    // The third item folded the first item's observation (not yet written) with its own.
    expect(outcomes[2]?.jobs.map((c) => [c.previous?.status, c.current.status])).toEqual([
      ["running", "failure"],
    ]);
    const logged = await db.selectFrom("job_observations").select(["job_id", "data"]).orderBy("id").execute();
    // Each job's observations in the order logged (written record by record).
    expect(logged.map((r) => [r.job_id, (JSON.parse(r.data) as Job).status])).toEqual([
      ["github:5", "running"],
      ["github:5", "failure"],
      ["github:6", "failure"],
    ]);
    const values = await db
      .selectFrom("job_values")
      .select(["field", "value"])
      .where("field", "=", "repo")
      .orderBy("value")
      .execute();
    expect(values).toEqual([
      { field: "repo", value: "acme/api" },
      { field: "repo", value: "acme/web" },
    ]);
    const hours = await db.selectFrom("metric_dirty").select("hour").orderBy("hour").execute();
    expect(hours.map((r) => new Date(Number(r.hour)).toISOString())).toEqual(["2026-01-15T10:00:00.000Z"]);
  });
});
