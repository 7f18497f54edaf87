/**
 * Migration 0021: queue intelligence's own data. An index to read one pool's
 * finished jobs (the ETA's history), the ETAs actually given, each with the
 * start that followed (`eta_outcomes`: the accuracy shown beside the queue
 * depth), and the queue depth per pool and minute (`queue_depth`: waiting and
 * running, sampled at every change, rolled up by minute).
 */
import type { Kysely, Migration } from "kysely";

/** Migration 0021 (`jobs_pool_finished`, `eta_outcomes`, `queue_depth`). */
export const migration0021: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex("jobs_pool_finished").on("jobs").columns(["pool", "finished_at"]).execute();
    await db.schema
      .createTable("eta_outcomes")
      .addColumn("job_id", "text", (c) => c.primaryKey())
      .addColumn("pool", "text", (c) => c.notNull())
      // ms since epoch: when the first ETA was given, what it said, and when the job started.
      .addColumn("given_at", "bigint", (c) => c.notNull())
      .addColumn("predicted_start", "bigint", (c) => c.notNull())
      .addColumn("actual_start", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("eta_outcomes_start")
      .on("eta_outcomes")
      .columns(["actual_start", "pool"])
      .execute();
    await db.schema
      .createTable("queue_depth")
      .addColumn("pool", "text", (c) => c.notNull())
      // ms since epoch of the minute's start.
      .addColumn("minute", "bigint", (c) => c.notNull())
      .addColumn("waiting_max", "integer", (c) => c.notNull())
      .addColumn("running_max", "integer", (c) => c.notNull())
      // The counts at the minute's last change (what the next minute starts from).
      .addColumn("waiting_last", "integer", (c) => c.notNull())
      .addColumn("running_last", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("queue_depth_pk", ["pool", "minute"])
      .execute();
    await db.schema.createIndex("queue_depth_minute").on("queue_depth").column("minute").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("queue_depth").execute();
    await db.schema.dropTable("eta_outcomes").execute();
    await db.schema.dropIndex("jobs_pool_finished").execute();
  },
};
