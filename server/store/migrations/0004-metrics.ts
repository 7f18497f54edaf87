/**
 * Migration 0004: metrics. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

/** Migration 0004 (metrics). */
export const migration0004: Migration = {
  async up(db: Kysely<unknown>) {
    // Narrow copies of what metrics read, so scans never parse `data`.
    const columns = [
      ["sha", "text"],
      ["attempt", "integer"],
      ["queue_ms", "bigint"],
      ["duration_ms", "bigint"],
      ["labels", "text"],
      ["pool", "text"],
      ["cause", "text"],
      ["failure_step", "text"],
    ] as const;
    for (const [name, type] of columns) await db.schema.alterTable("jobs").addColumn(name, type).execute();
    // Backfill (SQLite JSON syntax, like 0003). `pool` and `cause` are filled in by
    // `runwatch replay`; until then a stored job counts under its vendor's cause.
    // (A PostgreSQL store starts empty: nothing to backfill.)
    if (!isPostgres(db)) {
      await sql`UPDATE jobs SET
      sha = json_extract(data, '$.sha'),
      attempt = json_extract(data, '$.attempt'),
      queue_ms = json_extract(data, '$.queueMs'),
      duration_ms = json_extract(data, '$.durationMs'),
      labels = json_extract(data, '$.runner.labels'),
      cause = CASE WHEN lost = 1 THEN 'runner_lost' ELSE json_extract(data, '$.failure.cause') END,
      failure_step = json_extract(data, '$.failure.step')`.execute(db);
    }
    await db.schema.createIndex("jobs_started").on("jobs").columns(["started_at", "id"]).execute();
    await db.schema.createIndex("jobs_repo_finished").on("jobs").columns(["repo", "finished_at"]).execute();
    await db.schema.createIndex("jobs_repo_started").on("jobs").columns(["repo", "started_at"]).execute();

    // Hourly roll-ups: one row per hour and dimension value (dim '*' is everything).
    // Outcomes and durations count in the hour a job finished; starts and queue times
    // in the hour it started. Sketches are JSON (see server/domain/sketch.ts).
    await db.schema
      .createTable("metric_rollups")
      .addColumn("dim", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("hour", "bigint", (c) => c.notNull())
      .addColumn("success", "integer", (c) => c.notNull())
      .addColumn("failure", "integer", (c) => c.notNull())
      .addColumn("timed_out", "integer", (c) => c.notNull())
      .addColumn("cancelled", "integer", (c) => c.notNull())
      .addColumn("skipped", "integer", (c) => c.notNull())
      .addColumn("finished", "integer", (c) => c.notNull())
      .addColumn("started", "integer", (c) => c.notNull())
      .addColumn("duration", "text", (c) => c.notNull())
      .addColumn("queue", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("metric_rollups_pk", ["dim", "value", "hour"])
      .execute();
    await db.schema
      .createIndex("metric_rollups_hour")
      .on("metric_rollups")
      .columns(["dim", "hour"])
      .execute();
    // Hours whose roll-ups are stale: written in the same transaction as the job.
    await db.schema
      .createTable("metric_dirty")
      .addColumn("hour", "bigint", (c) => c.primaryKey())
      .execute();
    await sql`INSERT INTO metric_dirty (hour)
      SELECT DISTINCT (finished_at / 3600000) * 3600000 FROM jobs WHERE finished_at IS NOT NULL
      UNION SELECT DISTINCT (started_at / 3600000) * 3600000 FROM jobs WHERE started_at IS NOT NULL`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS metric_dirty`.execute(db);
    await sql`DROP TABLE IF EXISTS metric_rollups`.execute(db);
    for (const index of ["jobs_repo_started", "jobs_repo_finished", "jobs_started"])
      await sql`DROP INDEX IF EXISTS ${sql.raw(index)}`.execute(db);
    for (const name of [
      "failure_step",
      "cause",
      "pool",
      "labels",
      "duration_ms",
      "queue_ms",
      "attempt",
      "sha",
    ])
      await db.schema.alterTable("jobs").dropColumn(name).execute();
  },
};
