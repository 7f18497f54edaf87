/**
 * Migration 0006: run aggregates. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

/** Migration 0006 (run aggregates). */
export const migration0006: Migration = {
  async up(db: Kysely<unknown>) {
    // What a run nobody reported is derived from, kept up to date from the one job that changed
    // (server/store/run-aggregates.ts) instead of re-reading every job of the run on every event.
    // One narrow row per job: its run, name, attempt, status and times (ms to order by, the ISO
    // text to show), and whether its attempt is the latest of its name in its run.
    await db.schema
      .createTable("run_jobs")
      .addColumn("job_id", "text", (c) => c.primaryKey())
      .addColumn("run_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("attempt", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("queued_ms", "bigint")
      .addColumn("queued_at", "text")
      .addColumn("started_ms", "bigint")
      .addColumn("started_at", "text")
      .addColumn("finished_ms", "bigint")
      .addColumn("finished_at", "text")
      .addColumn("latest", "integer", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("run_jobs_name")
      .on("run_jobs")
      .columns(["run_id", "name", "attempt"])
      .execute();
    await db.schema.createIndex("run_jobs_attempt").on("run_jobs").columns(["run_id", "attempt"]).execute();
    // The run's earliest queue/start and latest finish among latest attempts: one index seek each.
    for (const time of ["queued", "started", "finished"]) {
      await sql`CREATE INDEX ${sql.raw(`run_jobs_${time}`)} ON run_jobs
        (run_id, ${sql.raw(`${time}_ms`)}, ${sql.raw(`${time}_at`)})
        WHERE latest = 1 AND ${sql.raw(`${time}_ms`)} IS NOT NULL`.execute(db);
    }
    // How many latest-attempt jobs of each run are in each status.
    await db.schema
      .createTable("run_job_counts")
      .addColumn("run_id", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("n", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("run_job_counts_pk", ["run_id", "status"])
      .execute();

    // Backfill from the stored jobs (SQLite JSON syntax, like 0003). The ms columns are the
    // jobs' own: started_at/finished_at as written, created_at is the queue time when there is one.
    // A PostgreSQL store starts empty: nothing to backfill.
    if (isPostgres(db)) return;
    await sql`INSERT INTO run_jobs (job_id, run_id, name, attempt, status, queued_ms, queued_at,
        started_ms, started_at, finished_ms, finished_at, latest)
      SELECT id, run_id, name, COALESCE(attempt, json_extract(data, '$.attempt'), 1), status,
        CASE WHEN json_extract(data, '$.queuedAt') IS NULL THEN NULL ELSE created_at END,
        json_extract(data, '$.queuedAt'),
        started_at, json_extract(data, '$.startedAt'),
        finished_at, json_extract(data, '$.finishedAt'), 0
      FROM jobs WHERE run_id IS NOT NULL`.execute(db);
    await sql`UPDATE run_jobs SET latest = 1 WHERE attempt = (SELECT max(r.attempt) FROM run_jobs r
      WHERE r.run_id = run_jobs.run_id AND r.name = run_jobs.name)`.execute(db);
    await sql`INSERT INTO run_job_counts (run_id, status, n)
      SELECT run_id, status, count(*) FROM run_jobs WHERE latest = 1 GROUP BY run_id, status`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS run_job_counts`.execute(db);
    await sql`DROP TABLE IF EXISTS run_jobs`.execute(db);
  },
};
