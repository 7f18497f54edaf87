/**
 * Migrations on a database that already holds data: a file built at 0002 (the
 * schema before runs existed) with jobs and deliveries in it, then opened by the
 * store, which applies 0003 onwards. 0003 backfills each job's run link and
 * renames the delivery kind `job` to `data`; 0004 copies the metric fields out of
 * each job's JSON; 0006 builds the run aggregates from the jobs (on a file built at
 * 0005). Checked in the file itself, with literal expectations.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../lib/job";
import { migrationProvider } from "./migrations";
import { openSqliteStore, SQLITE_FILE } from "./sqlite";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-migrate-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const T = Date.parse("2024-03-01T10:00:00Z");

/** A job as 0001/0002 stored it: columns plus the whole record as JSON. */
function jobRow(job: Job) {
  return {
    id: job.id,
    source: job.source,
    repo: job.repo,
    workflow: job.workflow,
    name: job.name,
    branch: job.branch,
    status: job.status,
    runner_name: job.runner.name,
    created_at: T,
    started_at: T + 60_000,
    finished_at: job.finishedAt === null ? null : T + 180_000,
    updated_at: T + 180_000,
    data: JSON.stringify(job),
  };
}

const failed: Job = {
  id: "github:9001",
  source: "github",
  repo: "acme/api",
  workflow: "ci",
  name: "test",
  runId: "700",
  attempt: 2,
  branch: "main",
  sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
  status: "failure",
  queuedAt: "2024-03-01T10:00:00Z",
  startedAt: "2024-03-01T10:01:00Z",
  finishedAt: "2024-03-01T10:03:00Z",
  queueMs: 60_000,
  durationMs: 120_000,
  runner: { name: "box-1", group: null, labels: ["linux", "x64"] },
  url: "https://github.com/acme/api/actions/runs/700/job/9001",
  failure: { cause: "test", step: "Run tests" },
  steps: [],
};
const running: Job = {
  ...failed,
  id: "gitlab:55",
  source: "gitlab",
  runId: "12",
  attempt: 1,
  status: "running",
  finishedAt: null,
  durationMs: null,
  failure: null,
  runner: { name: null, group: null, labels: [] },
};

/** Builds the database file at migration 0002 with two jobs and two deliveries. */
async function databaseAt0002(): Promise<void> {
  const db = new Kysely<Record<string, Record<string, unknown>>>({
    dialect: new SqliteDialect({ database: new SqliteDatabase(path.join(dir, SQLITE_FILE)) }),
  });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo("0002_auth_and_audit");
  expect(error).toBeUndefined();
  await db
    .insertInto("jobs")
    .values([jobRow(failed), jobRow(running)])
    .execute();
  await db
    .insertInto("deliveries")
    .values(
      [
        ["job", "github:9001"],
        ["ping", null],
      ].map(([kind, jobId], i) => ({
        source: "github",
        delivery_id: `d-${i}`,
        event: kind === "ping" ? "ping" : "workflow_job",
        kind,
        job_id: jobId,
        received_at: T,
        body: "{}",
      })),
    )
    .execute();
  await db.destroy();
}

describe("migrating a database that holds data", () => {
  it("backfills 0003's run link and delivery kind, and 0004's metric columns, on existing rows", async () => {
    await databaseAt0002();
    const store = await openSqliteStore(dir);
    try {
      // The store serves the old rows as they were.
      expect(await store.getJob("github:9001")).toMatchObject({
        id: "github:9001",
        runId: "700",
        attempt: 2,
      });
    } finally {
      await store.close();
    }

    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE), { readonly: true });
    try {
      const applied = file.prepare("SELECT name FROM kysely_migration ORDER BY name").pluck().all();
      expect(applied.slice(0, 4)).toEqual([
        "0001_jobs_and_deliveries",
        "0002_auth_and_audit",
        "0003_runs_runners_delivery_health",
        "0004_metrics",
      ]);
      expect(
        file
          .prepare(
            `SELECT id, run_id, lost, replay_gen, sha, attempt, queue_ms, duration_ms, labels, cause, failure_step
             FROM jobs ORDER BY id`,
          )
          .all(),
      ).toEqual([
        {
          id: "github:9001",
          run_id: "github:700",
          lost: 0,
          replay_gen: null,
          sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
          attempt: 2,
          queue_ms: 60_000,
          duration_ms: 120_000,
          labels: '["linux","x64"]',
          cause: "test",
          failure_step: "Run tests",
        },
        {
          id: "gitlab:55",
          run_id: "gitlab:12",
          lost: 0,
          replay_gen: null,
          sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
          attempt: 1,
          queue_ms: 60_000,
          duration_ms: null,
          labels: "[]",
          cause: null,
          failure_step: null,
        },
      ]);
      expect(file.prepare("SELECT delivery_id, kind FROM deliveries ORDER BY seq").all()).toEqual([
        { delivery_id: "d-0", kind: "data" },
        { delivery_id: "d-1", kind: "ping" },
      ]);
    } finally {
      file.close();
    }
  });
});

describe("0006: run aggregates", () => {
  it("are backfilled from the jobs stored before it, counting each job's latest attempt", async () => {
    const db = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(path.join(dir, SQLITE_FILE)) }),
    });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo("0005_alerts");
    expect(error).toBeUndefined();
    // Run github:700: `test` failed on attempt 1 and passed on attempt 2; `lint` has no queue time.
    const firstTry: Job = { ...failed, id: "github:9000", attempt: 1 };
    const retry: Job = { ...failed, status: "success", attempt: 2, failure: null };
    const lint: Job = { ...retry, id: "github:9002", name: "lint", attempt: 1, queuedAt: null };
    const row = (job: Job, runId: string | null) => ({
      ...jobRow(job),
      created_at: job.queuedAt === null ? T - 5_000 : Date.parse(job.queuedAt),
      run_id: runId,
      attempt: job.attempt,
    });
    await db
      .insertInto("jobs")
      .values([
        row(firstTry, "github:700"),
        row(retry, "github:700"),
        row(lint, "github:700"),
        row(running, "gitlab:12"),
      ])
      .execute();
    await db.destroy();

    const store = await openSqliteStore(dir);
    await store.close();
    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE), { readonly: true });
    try {
      expect(
        file
          .prepare(
            `SELECT job_id, run_id, name, attempt, status, queued_ms, queued_at, started_ms, started_at,
              finished_ms, finished_at, latest FROM run_jobs ORDER BY job_id`,
          )
          .all(),
      ).toEqual([
        {
          job_id: "github:9000",
          run_id: "github:700",
          name: "test",
          attempt: 1,
          status: "failure",
          queued_ms: T,
          queued_at: "2024-03-01T10:00:00Z",
          started_ms: T + 60_000,
          started_at: "2024-03-01T10:01:00Z",
          finished_ms: T + 180_000,
          finished_at: "2024-03-01T10:03:00Z",
          latest: 0,
        },
        {
          job_id: "github:9001",
          run_id: "github:700",
          name: "test",
          attempt: 2,
          status: "success",
          queued_ms: T,
          queued_at: "2024-03-01T10:00:00Z",
          started_ms: T + 60_000,
          started_at: "2024-03-01T10:01:00Z",
          finished_ms: T + 180_000,
          finished_at: "2024-03-01T10:03:00Z",
          latest: 1,
        },
        {
          job_id: "github:9002",
          run_id: "github:700",
          name: "lint",
          attempt: 1,
          status: "success",
          queued_ms: null,
          queued_at: null,
          started_ms: T + 60_000,
          started_at: "2024-03-01T10:01:00Z",
          finished_ms: T + 180_000,
          finished_at: "2024-03-01T10:03:00Z",
          latest: 1,
        },
        {
          job_id: "gitlab:55",
          run_id: "gitlab:12",
          name: "test",
          attempt: 1,
          status: "running",
          queued_ms: T,
          queued_at: "2024-03-01T10:00:00Z",
          started_ms: T + 60_000,
          started_at: "2024-03-01T10:01:00Z",
          finished_ms: null,
          finished_at: null,
          latest: 1,
        },
      ]);
      expect(
        file.prepare("SELECT run_id, status, n FROM run_job_counts ORDER BY run_id, status").all(),
      ).toEqual([
        { run_id: "github:700", status: "success", n: 2 },
        { run_id: "gitlab:12", status: "running", n: 1 },
      ]);
    } finally {
      file.close();
    }
  });
});
