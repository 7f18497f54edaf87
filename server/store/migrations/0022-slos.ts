/**
 * Migration 0022: service-level objectives (`slos`, each stored as its input
 * as posted, like alert rules), and an index for the run events they count:
 * runs by branch and last change (success_rate, time_to_green). Jobs by pool
 * (queue_time_p95) already have `jobs_pool_created` (0014).
 */
import type { Kysely, Migration } from "kysely";

/** Migration 0022 (the `slos` table and an index). */
export const migration0022: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("slos")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("data", "text", (column) => column.notNull())
      .addColumn("created_at", "bigint", (column) => column.notNull())
      .addColumn("updated_at", "bigint", (column) => column.notNull())
      .execute();
    await db.schema.createIndex("runs_branch_updated").on("runs").columns(["branch", "updated_at"]).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex("runs_branch_updated").execute();
    await db.schema.dropTable("slos").execute();
  },
};
