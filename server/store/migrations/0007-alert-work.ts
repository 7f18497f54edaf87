/**
 * Migration 0007: alert work.
 *
 * Alert work queued in the same transaction as the delivery that finished the job, so an
 * acknowledged delivery is evaluated exactly once even across a crash (the dispatcher deletes
 * the row in the transaction that records its outcome).
 */
import { sql, type Kysely, type Migration } from "kysely";

/** Migration 0007 (alert work). */
export const migration0007: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("alert_work")
      .addColumn("seq", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("job", "text", (c) => c.notNull())
      .addColumn("queued_at", "bigint", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS alert_work`.execute(db);
  },
};
