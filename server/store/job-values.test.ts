/**
 * `job_values` on a real SQLite file: what upserts, bulk imports, the
 * migration's backfill and retention leave in it, and what suggestions read.
 */
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { insertJobs, upsertJob } from "./job-queries";
import { LAST_SEEN_STEP_MS, selectJobSuggestions } from "./job-values";
import { migration0015 } from "./migrations/0015-job-values";
import { purgeJobsBefore } from "./retention";
import type { Database } from "./schema";
import { describeEachEngine, type TestDatabase } from "../test/engines/stores";

let database: TestDatabase;
let db: Kysely<Database>;

const T0 = Date.parse("2026-01-01T00:00:00Z");
const HOUR = 3_600_000;

function job(id: string, at: number, fields: Partial<Job> = {}): Job {
  return {
    id: `generic:${id}`,
    source: "generic",
    repo: "acme/api",
    workflow: "ci",
    name: "test",
    runId: id,
    attempt: 1,
    branch: "main",
    sha: null,
    status: "queued",
    queuedAt: new Date(at).toISOString(),
    startedAt: null,
    finishedAt: null,
    queueMs: null,
    durationMs: null,
    runner: { name: null, group: null, labels: ["x64", "linux"] },
    url: null,
    failure: null,
    steps: [],
    ...fields,
  };
}

const rows = () =>
  db
    .selectFrom("job_values")
    .select(["field", "value", "last_seen"])
    .orderBy("field")
    .orderBy("value")
    .execute();

describeEachEngine("job values", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    db = await database.kysely();
  });
  afterEach(async () => {
    await db.destroy();
    await database.remove();
  });

  describe("job_values", () => {
    it("holds each field's value once, seen when the job was queued; empty values are left out", async () => {
      await upsertJob(db, job("1", T0, { workflow: "" }), null, T0 + 5);
      expect(await rows()).toEqual([
        { field: "branch", value: "main", last_seen: T0 },
        { field: "name", value: "test", last_seen: T0 },
        { field: "pool", value: "linux, x64", last_seen: T0 },
        { field: "repo", value: "acme/api", last_seen: T0 },
      ]);
    });

    it("moves last_seen only by more than the step, and a job's later events write nothing", async () => {
      await upsertJob(db, job("1", T0), null, T0);
      await upsertJob(db, job("2", T0 + LAST_SEEN_STEP_MS - 1, { branch: "dev" }), null, T0);
      expect((await rows()).find((r) => r.field === "repo")?.last_seen).toBe(T0);
      await upsertJob(db, job("3", T0 + LAST_SEEN_STEP_MS + 1), null, T0);
      expect((await rows()).find((r) => r.field === "repo")?.last_seen).toBe(T0 + LAST_SEEN_STEP_MS + 1);
      // A value deleted behind the store's back stays deleted while the same job only changes status.
      await db.deleteFrom("job_values").where("field", "=", "name").execute();
      const queued = job("3", T0 + LAST_SEEN_STEP_MS + 1);
      await upsertJob(db, { ...queued, status: "running" }, queued, T0);
      expect((await rows()).filter((r) => r.field === "name")).toEqual([]);
      // A changed value is recorded.
      await upsertJob(db, { ...queued, name: "test (2)" }, queued, T0);
      expect((await rows()).filter((r) => r.field === "name").map((r) => r.value)).toEqual(["test (2)"]);
    });

    it("records bulk imports with each value's latest time, without moving a newer one back", async () => {
      await upsertJob(db, job("new", T0 + 10 * HOUR, { repo: "acme/web" }), null, T0);
      await insertJobs(
        db,
        [
          job("a", T0, { repo: "acme/web" }),
          job("b", T0 + 2 * HOUR, { repo: "acme/ops", branch: null }),
          job("c", T0 + HOUR, { repo: "acme/ops" }),
        ],
        T0,
      );
      const repos = (await rows()).filter((r) => r.field === "repo");
      expect(repos).toEqual([
        { field: "repo", value: "acme/ops", last_seen: T0 + 2 * HOUR },
        { field: "repo", value: "acme/web", last_seen: T0 + 10 * HOUR },
      ]);
      expect(await selectJobSuggestions(db, { field: "repo", prefix: "ACME/", limit: 10 })).toEqual([
        "acme/web",
        "acme/ops",
      ]);
    });

    it("is filled by its migration from the jobs already stored", async () => {
      await insertJobs(db, [job("a", T0, { repo: "acme/web" }), job("b", T0 + HOUR, { branch: "dev" })], T0);
      await db.deleteFrom("job_values").execute();
      // 0015 undone and applied again, directly: the same on both engines (PostgreSQL's migration list
      // replaces 0016, so the shared provider's Migrator cannot step back there).
      await migration0015.down?.(db);
      await migration0015.up(db);
      expect(await rows()).toEqual([
        { field: "branch", value: "dev", last_seen: T0 + HOUR },
        { field: "branch", value: "main", last_seen: T0 },
        { field: "name", value: "test", last_seen: T0 + HOUR },
        { field: "pool", value: "linux, x64", last_seen: T0 + HOUR },
        { field: "repo", value: "acme/api", last_seen: T0 + HOUR },
        { field: "repo", value: "acme/web", last_seen: T0 },
        { field: "workflow", value: "ci", last_seen: T0 + HOUR },
      ]);
    });

    it("forgets, with retention, the values of jobs purged", async () => {
      await upsertJob(db, job("old", T0, { repo: "acme/old" }), null, T0);
      await upsertJob(db, job("kept", T0 + 48 * HOUR), null, T0 + 48 * HOUR);
      await purgeJobsBefore(db, T0 + 24 * HOUR);
      expect(await selectJobSuggestions(db, { field: "repo", prefix: "", limit: 10 })).toEqual(["acme/api"]);
    });
  });
});
