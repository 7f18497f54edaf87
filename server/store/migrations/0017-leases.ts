/**
 * Migration 0017: leases. Background work that must run on one node at a time
 * (roll-up rebuilds, retention, alert ticks, the alert outbox, the watchdog)
 * is done by whichever node holds its lease; see `lease-store.ts`.
 */
import type { Kysely, Migration } from "kysely";

/** Migration 0017 (the `leases` table). */
export const migration0017: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("leases")
      .addColumn("name", "text", (column) => column.primaryKey())
      .addColumn("owner", "text", (column) => column.notNull())
      // ms since epoch, by the clock of the node that took or renewed it.
      .addColumn("expires_at", "bigint", (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("leases").execute();
  },
};
