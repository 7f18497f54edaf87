/**
 * PostgreSQL's form of the guards SQLite migrations write as
 * `BEFORE UPDATE|DELETE … RAISE(ABORT, …)` triggers: a PL/pgSQL function
 * raising the same message, fired before UPDATE or DELETE of any row and
 * before TRUNCATE (which row triggers do not see). Used by the shared
 * migrations where they branch on `isPostgres(db)`.
 */
import { sql, type Kysely } from "kysely";

/** Names of one table's guard: its function and its two triggers. */
export interface PostgresGuard {
  table: string;
  fn: string;
  rowTrigger: string;
  truncateTrigger: string;
  /** The error raised, as SQLite's triggers raise it. */
  message: string;
}

/** Creates the guard. Names and message are the migrations' own constants, never input. */
export async function createPostgresGuard(db: Kysely<unknown>, guard: PostgresGuard): Promise<void> {
  const { table, fn, rowTrigger, truncateTrigger, message } = guard;
  await sql`CREATE FUNCTION ${sql.raw(fn)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '${sql.raw(message)}'; END $$`.execute(db);
  await sql`CREATE TRIGGER ${sql.raw(rowTrigger)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ${sql.raw(fn)}()`.execute(db);
  await sql`CREATE TRIGGER ${sql.raw(truncateTrigger)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}()`.execute(db);
}
