/**
 * The few places where the two engines must be told apart inside a query
 * module. Most SQL is written once, in the subset both speak; these helpers
 * name the exceptions so each stays one line at its call site.
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";
import type { Database } from "./schema";

/** True when `db` speaks to PostgreSQL (otherwise it is SQLite). */
export function isPostgres(db: Kysely<Database> | Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Serialises, across every process sharing the database, the transactions
 * that call this with the same `name`, until `trx` ends. SQLite needs nothing:
 * its transactions begin with the write lock (`BEGIN IMMEDIATE`). PostgreSQL's
 * read-committed transactions run side by side, so read-then-write sequences
 * (the next audit sequence number, "is there an admin key yet?") take a
 * transaction-scoped advisory lock keyed by `name`.
 */
export async function serialiseTransactions(trx: Kysely<Database>, name: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
