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

/** First key of the record locks' two-key advisory lock space (PostgreSQL keeps it apart from one-key locks). */
const RECORD_LOCKS = 1;

/** Record locks a transaction took outside any savepoint (kept until it ends), by transaction. */
const held = new WeakMap<Kysely<Database>, Set<string>>();

/**
 * Locks, until `trx` ends, the records named by `keys` ("job:<id>", "run:<id>",
 * "runner:<id>") against other transactions locking them too: two nodes
 * applying deliveries of the same job each read, fold and write it, and
 * without this the later commit would drop the earlier one's observation from
 * the stored fold. Keys are taken in sorted order, in one round trip; those
 * `holdRecords` already took for `trx` are skipped. No-op on SQLite (one
 * writer at a time already).
 */
export async function lockRecords(trx: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0 || !isPostgres(trx)) return;
  const taken = held.get(trx);
  const sorted = [...new Set(keys)].filter((key) => !taken?.has(key)).sort();
  if (sorted.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${RECORD_LOCKS}, hashtext(k)) FROM unnest(${sorted}::text[]) AS k`.execute(
    trx,
  );
}

/**
 * `lockRecords` for a whole batch at once, before its items: every batch then
 * takes its records in one sorted order, so two nodes' batches sharing jobs
 * wait for each other instead of deadlocking. Call outside any savepoint (a
 * savepoint rolled back would release the locks taken inside it).
 */
export async function holdRecords(trx: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0 || !isPostgres(trx)) return;
  await lockRecords(trx, keys);
  const taken = held.get(trx) ?? new Set<string>();
  for (const key of keys) taken.add(key);
  held.set(trx, taken);
}
