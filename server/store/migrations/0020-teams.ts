/**
 * Migration 0020: teams and team-scoped API keys. A team names globs over
 * repositories, sources and label pools (see `lib/teams.ts`); a key listing
 * teams sees only their jobs. Lists are JSON text so both engines store them alike.
 */
import type { Kysely, Migration } from "kysely";

/** Migration 0020 (the `teams` table and `api_keys.teams`). */
export const migration0020: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("teams")
      .addColumn("name", "text", (column) => column.primaryKey())
      // JSON arrays of globs / group names.
      .addColumn("repos", "text", (column) => column.notNull())
      .addColumn("sources", "text", (column) => column.notNull())
      .addColumn("pools", "text", (column) => column.notNull())
      .addColumn("groups", "text", (column) => column.notNull())
      // ms since epoch.
      .addColumn("created_at", "bigint", (column) => column.notNull())
      .addColumn("updated_at", "bigint", (column) => column.notNull())
      .execute();
    // Empty list: the key is not scoped (keys made before 0020 keep seeing everything).
    await db.schema
      .alterTable("api_keys")
      .addColumn("teams", "text", (column) => column.notNull().defaultTo("[]"))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("api_keys").dropColumn("teams").execute();
    await db.schema.dropTable("teams").execute();
  },
};
