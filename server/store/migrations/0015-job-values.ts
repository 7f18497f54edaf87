/**
 * Migration 0015: job values (filter suggestions) and job history. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";

/** Migration 0015 (job values, job history index). */
export const migration0015: Migration = {
  async up(db: Kysely<unknown>) {
    // Every distinct repo, branch, workflow, job name and pool, with when it was last seen:
    // filter suggestions read this small table instead of a DISTINCT over a million jobs.
    // Kept on write (server/store/job-values.ts), pruned by retention.
    await db.schema
      .createTable("job_values")
      .addColumn("field", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("last_seen", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("job_values_pk", ["field", "value"])
      .execute();
    // Suggestions are the most recently seen values first.
    await db.schema
      .createIndex("job_values_recent")
      .on("job_values")
      .columns(["field", "last_seen", "value"])
      .execute();
    for (const field of ["repo", "branch", "workflow", "name", "pool"]) {
      await sql`INSERT INTO job_values (field, value, last_seen)
        SELECT ${field}, ${sql.ref(field)}, MAX(created_at) FROM jobs
        WHERE ${sql.ref(field)} IS NOT NULL AND ${sql.ref(field)} <> ''
        GROUP BY ${sql.ref(field)}`.execute(db);
    }
    // A job's history (same repo, workflow, name and branch, newest first) is one index range.
    // (The pool filter's index, jobs_pool_created, came with 0014.)
    await db.schema
      .createIndex("jobs_history")
      .on("jobs")
      .columns(["repo", "workflow", "name", "branch", "created_at", "id"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const index of ["jobs_history"]) await sql`DROP INDEX IF EXISTS ${sql.raw(index)}`.execute(db);
    await sql`DROP TABLE IF EXISTS job_values`.execute(db);
  },
};
