/**
 * Migration 0008: metric days. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";

/** Migration 0008 (metric days). */
export const migration0008: Migration = {
  async up(db: Kysely<unknown>) {
    // Daily roll-ups: the hourly ones' shape per UTC day, plus the pairs filters combine
    // (repo + branch, repo + workflow), so long windows merge tens of rows, not hundreds.
    await db.schema
      .createTable("metric_daily")
      .addColumn("dim", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("day", "bigint", (c) => c.notNull())
      .addColumn("success", "integer", (c) => c.notNull())
      .addColumn("failure", "integer", (c) => c.notNull())
      .addColumn("timed_out", "integer", (c) => c.notNull())
      .addColumn("cancelled", "integer", (c) => c.notNull())
      .addColumn("skipped", "integer", (c) => c.notNull())
      .addColumn("finished", "integer", (c) => c.notNull())
      .addColumn("started", "integer", (c) => c.notNull())
      .addColumn("duration", "text", (c) => c.notNull())
      .addColumn("queue", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("metric_daily_pk", ["dim", "value", "day"])
      .execute();
    await db.schema.createIndex("metric_daily_day").on("metric_daily").columns(["dim", "day"]).execute();
    // Days to rebuild: marked when one of their hours is rebuilt (never on ingest).
    await db.schema
      .createTable("metric_dirty_days")
      .addColumn("day", "bigint", (c) => c.primaryKey())
      .execute();
    await sql`INSERT INTO metric_dirty_days (day)
      SELECT DISTINCT (hour / 86400000) * 86400000 FROM metric_rollups WHERE dim = '*'`.execute(db);
    // Covering indexes for the reads that list jobs rather than aggregate them, so they
    // never touch the wide job rows: failures by status and finish time (failures, and
    // the flaky rule's failed commits), a job's runs on one commit (the flaky rule's other
    // side), and outcomes by finish time (workflow health at a window's part-day edges).
    await db.schema
      .createIndex("jobs_failed")
      .on("jobs")
      .columns([
        "status",
        "finished_at",
        "repo",
        "workflow",
        "name",
        "sha",
        "cause",
        "failure_step",
        "updated_at",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("jobs_commit")
      .on("jobs")
      .columns([
        "sha",
        "name",
        "workflow",
        "repo",
        "finished_at",
        "status",
        "branch",
        "attempt",
        "duration_ms",
      ])
      .execute();
    await db.schema
      .createIndex("jobs_outcomes")
      .on("jobs")
      .columns(["finished_at", "status", "repo", "workflow", "duration_ms"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const index of ["jobs_outcomes", "jobs_commit", "jobs_failed"])
      await sql`DROP INDEX IF EXISTS ${sql.raw(index)}`.execute(db);
    await sql`DROP TABLE IF EXISTS metric_dirty_days`.execute(db);
    await sql`DROP TABLE IF EXISTS metric_daily`.execute(db);
  },
};
