/**
 * Migration 0018: the keyed audit chain. Entries written from now on are
 * chained with HMAC-SHA256 under the audit key; the ones already there keep
 * their plain SHA-256 hashes and stay verifiable. `audit_chain.keyed_from`
 * records the first `seq` of the keyed scheme (1 on a new database).
 */
import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";
import { createPostgresGuard } from "./postgres-guards";

/** Migration 0018 (the `audit_chain` marker). */
export const migration0018: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("audit_chain")
      // One row: id 1.
      .addColumn("id", "integer", (column) => column.primaryKey())
      // bigint on PostgreSQL, as audit_log.seq is there.
      .addColumn("keyed_from", isPostgres(db) ? "bigint" : "integer", (column) => column.notNull())
      .execute();
    await sql`INSERT INTO audit_chain (id, keyed_from)
      SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM audit_log`.execute(db);
    // Like audit_log: our own code never moves the marker. Someone with the file can; checkpoints
    // record keyed_from, so moving it to pass plain hashes off as old ones is caught at verify.
    if (isPostgres(db)) {
      await createPostgresGuard(db, {
        table: "audit_chain",
        fn: "audit_chain_fixed",
        rowTrigger: "audit_chain_no_change",
        truncateTrigger: "audit_chain_no_truncate",
        message: "audit_chain is fixed",
      });
      return;
    }
    await sql`CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END`.execute(db);
    await sql`CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS audit_chain`.execute(db);
    if (isPostgres(db)) await sql`DROP FUNCTION IF EXISTS audit_chain_fixed()`.execute(db);
  },
};
