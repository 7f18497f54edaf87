/**
 * Migration 0013: which jobs took part in which alerts.
 *
 * One row per (job, alert) for every job an alert's notices named (the job
 * that opened it, failed again while it fired, or closed it), so the job page
 * finds its alerts by index instead of scanning every alert's JSON.
 */
import { sql, type Kysely, type Migration } from "kysely";

/** Migration 0013 (alert jobs). */
export const migration0013: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("alert_jobs")
      .addColumn("job_id", "text", (c) => c.notNull())
      .addColumn("alert_id", "text", (c) => c.notNull())
      .addColumn("fired_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("alert_jobs_pk", ["job_id", "alert_id"])
      .execute();
    // Open alerts are counted on every badge load and every alert:fired: keep that an index scan.
    await db.schema.createIndex("alerts_state").on("alerts").column("state").execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP INDEX IF EXISTS alerts_state`.execute(db);
    await sql`DROP TABLE IF EXISTS alert_jobs`.execute(db);
  },
};
