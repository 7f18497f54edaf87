/**
 * Migration 0012: log tails.
 *
 * One row per failed job whose source has a read token: queued in the
 * delivery's transaction (`pending`), fetched in the background with retries,
 * then `stored` (the lines around the first error, never fetched again) or
 * `failed` (given up). Purged with its job by retention.
 */
import { sql, type Kysely, type Migration } from "kysely";

/** Migration 0012 (log tails). */
export const migration0012: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("log_tails")
      .addColumn("job_id", "text", (c) => c.primaryKey())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_attempt_at", "bigint")
      .addColumn("last_error", "text")
      .addColumn("queued_at", "bigint", (c) => c.notNull())
      .addColumn("lines", "text")
      .addColumn("first_error_line", "integer")
      .addColumn("category", "text")
      .addColumn("signal", "text")
      .addColumn("fetched_at", "bigint")
      .execute();
    // The worker's question: which pending fetches are due.
    await db.schema
      .createIndex("log_tails_due")
      .on("log_tails")
      .columns(["state", "next_attempt_at"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS log_tails`.execute(db);
  },
};
