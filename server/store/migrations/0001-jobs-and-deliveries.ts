/**
 * Migration 0001: jobs and deliveries. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";

/** Migration 0001 (jobs and deliveries). */
export const migration0001: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("jobs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("workflow", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("branch", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("runner_name", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("started_at", "bigint")
      .addColumn("finished_at", "bigint")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .execute();
    // The list is read newest first, optionally narrowed by one of these columns.
    await db.schema.createIndex("jobs_created").on("jobs").columns(["created_at", "id"]).execute();
    await db.schema.createIndex("jobs_finished").on("jobs").columns(["finished_at", "id"]).execute();
    await db.schema.createIndex("jobs_updated").on("jobs").columns(["updated_at", "id"]).execute();
    await db.schema.createIndex("jobs_status_created").on("jobs").columns(["status", "created_at"]).execute();
    await db.schema.createIndex("jobs_repo_created").on("jobs").columns(["repo", "created_at"]).execute();
    await db.schema.createIndex("jobs_branch_created").on("jobs").columns(["branch", "created_at"]).execute();
    await db.schema
      .createIndex("jobs_workflow_created")
      .on("jobs")
      .columns(["workflow", "created_at"])
      .execute();
    await db.schema
      .createIndex("jobs_runner_created")
      .on("jobs")
      .columns(["runner_name", "created_at"])
      .execute();

    await db.schema
      .createTable("job_labels")
      .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id").onDelete("cascade"))
      .addColumn("label", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("job_labels_pk", ["job_id", "label"])
      .execute();
    await db.schema.createIndex("job_labels_label").on("job_labels").columns(["label", "job_id"]).execute();

    await db.schema
      .createTable("deliveries")
      .addColumn("seq", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("job_id", "text")
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addUniqueConstraint("deliveries_source_delivery", ["source", "delivery_id"])
      .execute();
    await db.schema.createIndex("deliveries_job").on("deliveries").columns(["job_id", "seq"]).execute();
    await db.schema.createIndex("deliveries_received").on("deliveries").column("received_at").execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS deliveries`.execute(db);
    await sql`DROP TABLE IF EXISTS job_labels`.execute(db);
    await sql`DROP TABLE IF EXISTS jobs`.execute(db);
  },
};
