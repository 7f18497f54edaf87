/**
 * Migration 0002: auth and audit. Released: never edit it; add a new migration.
 * (What SQLite executes stays as released; PostgreSQL branches where its SQL differs.)
 */
import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";
import { createPostgresGuard } from "./postgres-guards";

/** Migration 0002 (auth and audit). */
export const migration0002: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("api_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("scopes", "text", (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("prefix", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_used_at", "bigint")
      .addColumn("revoked_at", "bigint")
      .execute();

    await db.schema
      .createTable("sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("key_id", "text", (c) => c.notNull().references("api_keys.id"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .addColumn("last_seen_at", "bigint")
      .execute();
    await db.schema.createIndex("sessions_key").on("sessions").columns(["key_id", "expires_at"]).execute();

    // seq is assigned by the appender (last + 1) inside its transaction: the primary key then
    // refuses a second writer chaining onto the same entry, in any dialect.
    // bigint on PostgreSQL: readers page from Number.MIN_SAFE_INTEGER, which its integer cannot hold.
    await db.schema
      .createTable("audit_log")
      .addColumn("seq", isPostgres(db) ? "bigint" : "integer", (c) => c.primaryKey())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target", "text")
      .addColumn("ip", "text")
      .addColumn("details", "text", (c) => c.notNull())
      .addColumn("prev_hash", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("audit_log_action").on("audit_log").columns(["action", "seq"]).execute();
    await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor", "seq"]).execute();
    await db.schema.createIndex("audit_log_at").on("audit_log").columns(["at", "seq"]).execute();
    // Append-only, as far as the application goes: a slip in our own code cannot rewrite history.
    // (Anyone with the file can drop these; the hash chain is what detects that kind of edit.)
    // SQLite syntax; PostgreSQL gets a trigger function (same message), TRUNCATE refused too.
    if (isPostgres(db)) {
      await createPostgresGuard(db, {
        table: "audit_log",
        fn: "audit_log_append_only",
        rowTrigger: "audit_log_no_change",
        truncateTrigger: "audit_log_no_truncate",
        message: "audit_log is append-only",
      });
      return;
    }
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS audit_log`.execute(db);
    await sql`DROP TABLE IF EXISTS sessions`.execute(db);
    await sql`DROP TABLE IF EXISTS api_keys`.execute(db);
  },
};
