/**
 * Several Runwatch nodes on one PostgreSQL database, each with its own store
 * (its own pool), doing at the same moment what a load balancer makes them
 * do: starting (migrating) together, creating the first admin key, receiving
 * the same delivery, and deliveries of the same jobs. Real PostgreSQL.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../../lib/job";
import { failedJob } from "../../alerts/alerts.test-fixtures";
import { DomainEvents } from "../../domain/events";
import { createIngestWriter } from "../../ingest/writer";
import { STORE_ENGINES, type TestDatabase } from "../../test/engines/stores";
import type { DeliveryRecord, Store } from "../store";
import { loadAuditKey } from "../../runtime/audit-key";
import { openPostgresStore } from "./store";
import { migrationProvider } from "../migrations";

const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;
const T0 = Date.parse("2026-01-15T10:00:00Z");

let database: TestDatabase | undefined;
const opened: Store[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await database?.remove();
  database = undefined;
});

/** `count` nodes on one database, opened at the same moment. */
async function nodes(count: number, options?: { migrated: boolean }): Promise<Store[]> {
  database = await postgres.create(options);
  const location = database;
  const stores = await Promise.all(Array.from({ length: count }, () => location.open()));
  opened.push(...stores);
  return stores;
}

const delivery = (id: string, job: Job, at = T0): DeliveryRecord => ({
  source: "github",
  deliveryId: id,
  event: "workflow_job",
  kind: "data",
  receivedAt: at,
  body: JSON.stringify({ id }),
  observations: { jobs: [job], runs: [], agents: [] },
});

describe.skipIf(postgres.skip !== null)("several nodes on one PostgreSQL database", () => {
  it("migrate an empty database once when they start together", async () => {
    const [a] = await nodes(3, { migrated: false });
    // Every node answers, and each migration is recorded once.
    expect(await a!.listApiKeys()).toEqual([]);
    const check = await database!.kysely();
    try {
      const rows = await check
        .selectFrom("kysely_migration" as never)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const shared = await check
        .selectFrom("kysely_migration" as never)
        .select((eb) =>
          eb.fn
            .count<number>(eb.ref("name" as never))
            .distinct()
            .as("n"),
        )
        .executeTakeFirstOrThrow();
      expect(rows).toEqual(shared);
      // Every migration once (PostgreSQL returns counts as strings).
      expect(Number(rows.n)).toBe(Object.keys(await migrationProvider.getMigrations()).length);
    } finally {
      await check.destroy();
    }
  });

  it("create the first admin key once", async () => {
    const stores = await nodes(3);
    const results = await Promise.all(stores.map((store) => store.ensureAdminKey(undefined, T0)));
    expect(results.filter((r) => r.secret !== null)).toHaveLength(1);
    expect(await stores[0]!.listApiKeys()).toHaveLength(1);
    expect(await stores[1]!.verifyAudit()).toMatchObject({ ok: true, count: 1 });
  });

  it("store and count one delivery once when it reaches two nodes at once", async () => {
    const [a, b] = await nodes(2);
    const job = failedJob();
    const outcomes = await Promise.all([
      a!.recordDelivery(delivery("same", job)),
      b!.recordDelivery(delivery("same", job)),
    ]);
    expect(outcomes.map((o) => o.duplicate).sort()).toEqual([false, true]);
    expect(await a!.countDeliveries()).toBe(1);
    const [stats] = await b!.listDeliveryStats();
    expect(stats?.counts).toEqual({ accepted: 1, duplicate: 1, ignored: 0, rejected: 0, invalid: 0 });
  });

  it("keep every observation of a job whose events two nodes apply at once", async () => {
    const [a, b] = await nodes(2);
    const jobs = Array.from({ length: 40 }, (_, n) =>
      failedJob({ id: `github:${n}`, runId: String(100 + n) }),
    );
    // Each job's three events, spread over both nodes and sent together.
    const events = jobs.flatMap((job, n) => [
      delivery(`${n}-queued`, {
        ...job,
        status: "queued",
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        failure: null,
        runner: { name: null, group: null, labels: ["linux"] },
      }),
      delivery(`${n}-running`, {
        ...job,
        status: "running",
        finishedAt: null,
        durationMs: null,
        failure: null,
      }),
      delivery(`${n}-completed`, job),
    ]);
    // Through each node's group-commit writer, as ingest does: batches of both nodes interleave.
    const writers = [a!, b!].map((store) => createIngestWriter({ store, events: new DomainEvents() }));
    await Promise.all(events.map((event, i) => writers[i % 2]!.record(event)));
    await Promise.all(writers.map((writer) => writer.close()));
    for (const job of jobs) {
      expect(await a!.getJob(job.id)).toMatchObject({
        status: "failure",
        queuedAt: job.queuedAt,
        startedAt: job.startedAt,
        finishedAt: job.finishedAt,
        runner: job.runner,
      });
    }
    expect(await b!.countDeliveries()).toBe(120);
  });

  it("replace connections the server ended, reporting each, and answer again", async () => {
    database = await postgres.create();
    const lost: Error[] = [];
    const store = await openPostgresStore(database.databaseUrl!, {
      auditKey: loadAuditKey(database.dataDir),
      onConnectionError: (e) => lost.push(e),
    });
    opened.push(store);
    await Promise.all([store.ping(), store.ping(), store.ping()]);
    await database.execRaw([
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    ]);
    await expect.poll(() => lost.length).toBeGreaterThan(0);
    expect(lost[0]?.message).toContain("terminat");
    await store.ping();
    expect(await store.countDeliveries()).toBe(0);
  });
});
