/**
 * The stepped roll-up rebuild against the one-shot one: on a random store, a
 * rebuild read three jobs at a time writes exactly the rows built from each
 * hour's jobs in one read; a write landing mid-rebuild leaves its hour marked,
 * and a claim left by a crash is rebuilt. Real SQLite files and PostgreSQL databases, real store writes.
 */
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job, JobStatus } from "../../lib/job";
import { HOUR_MS, refreshRollups, rollupRows } from "./metric-rollups";
import { scanJobs } from "./metric-scan";
import type { Database } from "./schema";
import type { Store } from "./store";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";

const START = Date.parse("2026-01-01T00:00:00Z");
let database: TestDatabase;
let store: Store;
/** A second connection to the same database, to call the roll-up functions directly. */
let db: Kysely<Database>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

let deliveries = 0;
async function deliver(job: Job): Promise<void> {
  await store.recordDelivery({
    source: "generic",
    deliveryId: `d${++deliveries}`,
    event: "job",
    kind: "data",
    receivedAt: START,
    body: JSON.stringify(job),
    observations: { jobs: [job], runs: [], agents: [] },
  });
}

/** A job queued at `queued`, started and finished `startMs`/`runMs` later (null: not yet). */
function job(
  n: number,
  queued: number,
  startMs: number | null,
  runMs: number | null,
  status: JobStatus,
): Job {
  const startedAt = startMs === null ? null : queued + startMs;
  const finishedAt = startedAt === null || runMs === null ? null : startedAt + runMs;
  return {
    id: `generic:${n}`,
    source: "generic",
    repo: `acme/r${n % 3}`,
    workflow: `wf${n % 2}`,
    name: `job${n % 4}`,
    runId: String(n % 5),
    attempt: 1,
    branch: n % 5 === 0 ? null : `b${n % 2}`,
    sha: null,
    status,
    queuedAt: iso(queued) ?? "",
    startedAt: iso(startedAt),
    finishedAt: iso(finishedAt),
    queueMs: startMs,
    durationMs: runMs,
    runner: { name: "rack", group: null, labels: n % 2 ? ["x64", "gpu"] : ["arm"] },
    url: null,
    failure: null,
    steps: [],
  };
}

/** Every stored roll-up row, in a stable order. */
const storedRows = () =>
  db.selectFrom("metric_rollups").selectAll().orderBy("hour").orderBy("dim").orderBy("value").execute();

/** The one-shot rebuild of every hour that has jobs: each hour's jobs read at once. */
async function oneShotRows(hours: number[]) {
  const rows = [];
  for (const hour of hours) rows.push(...rollupRows(await scanJobs(db, {}, hour, hour + HOUR_MS), hour));
  const key = (r: { hour: number; dim: string; value: string }) => `${r.hour} ${r.dim} ${r.value}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const marks = async () =>
  (await db.selectFrom("metric_dirty").select("hour").orderBy("hour").execute()).map((m) => Number(m.hour));

describeEachEngine("roll-ups", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    db = await database.kysely();
  });
  afterEach(async () => {
    await db.destroy();
    await store.close();
    await database.remove();
  });

  describe("refreshRollups in steps", () => {
    it("writes what the one-shot rebuild computes, on a random store", async () => {
      // A fixed pseudo-random store: 120 jobs over 6 hours, some spanning hours, some unfinished.
      let seed = 11;
      const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const statuses: JobStatus[] = ["success", "failure", "timed_out", "cancelled", "skipped"];
      for (let n = 0; n < 120; n++) {
        const queued = START + Math.floor(random() * 6 * HOUR_MS);
        const started = random() < 0.9 ? Math.floor(random() * 20 * 60_000) : null;
        const run = started !== null && random() < 0.8 ? Math.floor(random() * 90 * 60_000) : null;
        const status =
          run === null ? (started === null ? "queued" : "running") : statuses[n % statuses.length];
        await deliver(job(n, queued, started, run, status ?? "success"));
      }
      const dirty = await marks();
      expect(dirty.length).toBeGreaterThanOrEqual(6);

      let steps = 0;
      const rebuilt = await refreshRollups(db, {
        pageSize: 3,
        between: async () => {
          steps++;
        },
      });
      expect(rebuilt).toBe(dirty.length);
      expect(await marks()).toEqual([]);
      // Three jobs a read: many more steps than hours.
      expect(steps).toBeGreaterThan(60);
      const stored = await storedRows();
      expect(stored).toEqual(await oneShotRows(dirty));
      expect(stored.filter((r) => r.dim === "*").reduce((sum, r) => sum + Number(r.finished), 0)).toBe(
        (await db.selectFrom("jobs").select("id").where("finished_at", "is not", null).execute()).length,
      );
    });

    it("leaves an hour marked when a write lands in it mid-rebuild, and the next round catches it", async () => {
      await deliver(job(1, START, 60_000, 120_000, "success"));
      await deliver(job(2, START, 60_000, 180_000, "failure"));
      let wrote = false;
      await refreshRollups(db, {
        pageSize: 1,
        between: async () => {
          if (wrote) return;
          wrote = true;
          await deliver(job(3, START + 1000, 60_000, 60_000, "success"));
        },
      });
      expect(await marks()).toEqual([START]);
      await refreshRollups(db, { pageSize: 1, between: async () => undefined });
      expect(await marks()).toEqual([]);
      const all = (await storedRows()).find((r) => r.dim === "*");
      expect([all?.success, all?.failure, all?.finished, all?.started]).toEqual([2, 1, 3, 3]);
    });

    it("rebuilds an hour whose claim a crash left behind", async () => {
      await deliver(job(1, START, 60_000, 120_000, "success"));
      await refreshRollups(db);
      await db.deleteFrom("metric_rollups").execute();
      // What a rebuild that died after claiming the hour leaves: the claim, one ms past the hour.
      await db
        .insertInto("metric_dirty")
        .values({ hour: START + 1 })
        .execute();
      expect(await refreshRollups(db)).toBe(1);
      expect(await marks()).toEqual([]);
      const all = (await storedRows()).find((r) => r.dim === "*");
      expect([all?.hour, all?.success, all?.finished]).toEqual([START, 1, 1]);
    });
  });
});
