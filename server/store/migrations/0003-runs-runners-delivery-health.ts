/**
 * Migration 0003: runs runners delivery health. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

/** Migration 0003 (runs runners delivery health). */
export const migration0003: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("runs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("workflow", "text", (c) => c.notNull())
      .addColumn("branch", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("reported", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("replay_gen", "text")
      .addColumn("data", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("runs_created").on("runs").columns(["created_at", "id"]).execute();
    for (const column of ["source", "repo", "branch", "workflow", "status"]) {
      await db.schema
        .createIndex(`runs_${column}_created`)
        .on("runs")
        .columns([column, "created_at"])
        .execute();
    }

    // Every observation of a job or run, normalised: the stored record is their fold in a
    // canonical order, so it depends on which events arrived, never on their order.
    for (const [table, key] of [
      ["job_observations", "job_id"],
      ["run_observations", "run_id"],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn(key, "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_${key}`).on(table).columns([key, "id"]).execute();
    }

    await db.schema
      .createTable("runners")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("last_seen_at", "bigint", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("delivery_stats")
      .addColumn("source", "text", (c) => c.primaryKey())
      .addColumn("accepted", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("duplicate", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("ignored", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("rejected", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("invalid", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("last_delivery_at", "bigint")
      .addColumn("last_accepted_at", "bigint")
      .addColumn("last_refused_at", "bigint")
      .execute();

    await db.schema.alterTable("jobs").addColumn("run_id", "text").execute();
    await db.schema
      .alterTable("jobs")
      .addColumn("lost", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("jobs").addColumn("replay_gen", "text").execute();
    // Backfill the run link of jobs stored before runs existed (SQLite JSON syntax; a
    // PostgreSQL store starts from this schema and never runs this backfill on data).
    if (!isPostgres(db)) {
      await sql`UPDATE jobs SET run_id = source || ':' || json_extract(data, '$.runId')`.execute(db);
    }
    await db.schema.createIndex("jobs_run").on("jobs").columns(["run_id", "created_at"]).execute();
    // The lost-job sweep reads active jobs by how long they have been silent.
    await db.schema.createIndex("jobs_status_updated").on("jobs").columns(["status", "updated_at"]).execute();
    await sql`UPDATE deliveries SET kind = 'data' WHERE kind = 'job'`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP INDEX IF EXISTS jobs_status_updated`.execute(db);
    await sql`DROP INDEX IF EXISTS jobs_run`.execute(db);
    await db.schema.alterTable("jobs").dropColumn("replay_gen").execute();
    await db.schema.alterTable("jobs").dropColumn("lost").execute();
    await db.schema.alterTable("jobs").dropColumn("run_id").execute();
    await sql`DROP TABLE IF EXISTS delivery_stats`.execute(db);
    await sql`DROP TABLE IF EXISTS runners`.execute(db);
    await sql`DROP TABLE IF EXISTS run_observations`.execute(db);
    await sql`DROP TABLE IF EXISTS job_observations`.execute(db);
    await sql`DROP TABLE IF EXISTS runs`.execute(db);
  },
};
