/**
 * Migration 0005: alerts. Released: never edit it; add a new migration.
 */
import { sql, type Kysely, type Migration } from "kysely";

/** Migration 0005 (alerts). */
export const migration0005: Migration = {
  async up(db: Kysely<unknown>) {
    // Channels and rules keep their input as posted (JSON): the API view is derived from it,
    // so defaults can improve without rewriting rows. Channel secrets never leave the store.
    for (const table of ["channels", "alert_rules"]) {
      await db.schema
        .createTable(table)
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
    }
    // Throttle state per rule and subject, and the last outcome of each job series.
    await db.schema
      .createTable("alert_state")
      .addColumn("rule_id", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("alert_state_pk", ["rule_id", "subject"])
      .execute();
    await db.schema
      .createTable("job_series")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("data", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("alerts")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("rule_id", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("fired_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("alerts_fired").on("alerts").columns(["fired_at", "id"]).execute();
    await db.schema
      .createIndex("alerts_open")
      .on("alerts")
      .columns(["rule_id", "subject", "state"])
      .execute();
    // The outbox: one row per notification per channel, with the alert as it was then.
    await db.schema
      .createTable("alert_deliveries")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("alert_id", "text", (c) => c.notNull())
      .addColumn("channel_id", "text", (c) => c.notNull())
      .addColumn("notice", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("last_error", "text")
      .addColumn("next_attempt_at", "bigint")
      .addColumn("sent_at", "bigint")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("alert_deliveries_due")
      .on("alert_deliveries")
      .columns(["status", "next_attempt_at"])
      .execute();
    await db.schema
      .createIndex("alert_deliveries_alert")
      .on("alert_deliveries")
      .columns(["alert_id", "created_at"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      "alert_deliveries",
      "alerts",
      "job_series",
      "alert_state",
      "alert_rules",
      "channels",
    ])
      await sql`DROP TABLE IF EXISTS ${sql.raw(table)}`.execute(db);
  },
};
