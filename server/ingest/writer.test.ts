/**
 * The group-commit writer on a real store (SQLite and PostgreSQL): items queued in one turn
 * share one transaction; one that fails in the store fails alone; events
 * follow the commit, in queue order.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { failedJob } from "../alerts/alerts.test-fixtures";
import { DomainEvents } from "../domain/events";
import type { DeliveryRecord, Store } from "../store/store";
import { describeEachEngine, type StoreEngine, type TestDatabase } from "../test/engines/stores";
import { createIngestWriter } from "./writer";

const T0 = Date.parse("2026-03-01T12:00:00Z");
let database: TestDatabase;
let store: Store;
let events: DomainEvents;

const delivery = (n: number, job: Job): DeliveryRecord => ({
  source: "github",
  deliveryId: `delivery-${n}`,
  event: "workflow_job",
  kind: "data",
  receivedAt: T0 + n,
  body: `{"n":${n}}`,
  observations: { jobs: [job], runs: [], agents: [] },
});

/** Job n of one run: finished (failure) when `finished`, else running. */
const job = (n: number, finished: boolean): Job =>
  failedJob({
    id: `github:${n}`,
    name: `job ${n}`,
    ...(finished ? {} : { status: "running" as const, finishedAt: null, failure: null, durationMs: null }),
  });

/** Makes the store itself refuse one delivery id, as a constraint or a full disk would. */
async function poison(engine: StoreEngine["name"], deliveryId: string): Promise<void> {
  await database.execRaw(
    engine === "sqlite"
      ? [
          `CREATE TRIGGER poison BEFORE INSERT ON deliveries WHEN NEW.delivery_id = '${deliveryId}'
            BEGIN SELECT RAISE(ABORT, 'poisoned delivery'); END`,
        ]
      : [
          `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF NEW.delivery_id = '${deliveryId}' THEN RAISE EXCEPTION 'poisoned delivery'; END IF;
            RETURN NEW; END $$`,
          "CREATE TRIGGER poison BEFORE INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION poison()",
        ],
  );
}

describeEachEngine("group-commit writer", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    events = new DomainEvents();
  });
  afterEach(async () => {
    await store.close();
    await database.remove();
  });

  it("writes items queued in one turn in one transaction, and announces them after it, in order", async () => {
    const writer = createIngestWriter({ store, events });
    const seen: string[] = [];
    events.on("job.changed", ({ job }) => seen.push(job.id));
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => writer.record(delivery(n, job(n, n % 2 === 0)))),
    );
    expect(results.map((r) => r.duplicate)).toEqual([false, false, false, false, false]);
    expect(writer.stats()).toEqual({ batches: 1, items: 5 });
    expect(seen).toEqual(["github:1", "github:2", "github:3", "github:4", "github:5"]);
    expect(await store.countDeliveries()).toBe(5);
    // Jobs 2 and 4 finished: their alert work was queued with them.
    expect(await store.countAlertWork()).toBe(2);
    await writer.close();
  });

  it("fails only the item the store refuses; the rest of its batch is stored and answered", async () => {
    await poison(engine.name, "delivery-3");
    const writer = createIngestWriter({ store, events });
    const seen: string[] = [];
    events.on("job.changed", ({ job }) => seen.push(job.id));
    const settled = await Promise.allSettled(
      [1, 2, 3, 4, 5, 6].map((n) => writer.record(delivery(n, job(n, true)))),
    );
    expect(settled.map((s) => s.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toContain("poisoned delivery");
    expect(writer.stats()).toEqual({ batches: 1, items: 6 });
    expect(seen).toEqual(["github:1", "github:2", "github:4", "github:5", "github:6"]);
    expect(await store.countDeliveries()).toBe(5);
    // Nothing of the refused delivery was kept: not its job, not its alert work.
    expect(await store.getJob("github:3")).toBeNull();
    expect(await store.getJob("github:4")).not.toBeNull();
    expect(await store.countAlertWork()).toBe(5);
    await writer.close();
  });

  it("writes what accumulated during a transaction in the next one, and counts refusals in the same batches", async () => {
    const writer = createIngestWriter({ store, events });
    const first = writer.record(delivery(1, job(1, false)));
    // Queued after the first batch closed (next turn), while it may still be writing.
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4].map((n) => writer.record(delivery(n, job(n, false))));
    const refused = writer.count("github", "rejected", T0);
    await Promise.all([first, ...rest, refused]);
    expect(writer.stats()).toEqual({ batches: 2, items: 5 });
    const [stats] = await store.listDeliveryStats();
    expect(stats?.counts).toEqual({ accepted: 4, duplicate: 0, ignored: 0, rejected: 1, invalid: 0 });
    await writer.close();
    await expect(writer.record(delivery(9, job(9, false)))).rejects.toThrow("closed");
  });
});
