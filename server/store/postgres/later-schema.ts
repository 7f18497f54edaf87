/**
 * PostgreSQL versions of shared migrations after the branch point whose SQL
 * only SQLite speaks. Same tables and columns as the shared ones; only the
 * trigger syntax differs (SQLite's `RAISE(ABORT, …)` becomes PL/pgSQL).
 */
import { sql, type Kysely, type Migration } from "kysely";

/**
 * 0018: the keyed audit chain's marker `audit_chain` (one row, id 1), fixed
 * like `audit_log`: UPDATE, DELETE and TRUNCATE refused by a trigger.
 * `keyed_from` is bigint, as `audit_log.seq` is here.
 */
export const pgMigration0018: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("audit_chain")
      .addColumn("id", "integer", (column) => column.primaryKey())
      .addColumn("keyed_from", "bigint", (column) => column.notNull())
      .execute();
    await sql`INSERT INTO audit_chain (id, keyed_from)
      SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM audit_log`.execute(db);
    await sql`CREATE FUNCTION audit_chain_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_chain is fixed'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_chain_no_change BEFORE UPDATE OR DELETE ON audit_chain
      FOR EACH ROW EXECUTE FUNCTION audit_chain_fixed()`.execute(db);
    await sql`CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_fixed()`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS audit_chain`.execute(db);
    await sql`DROP FUNCTION IF EXISTS audit_chain_fixed()`.execute(db);
  },
};
