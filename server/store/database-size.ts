/**
 * The database's size on disk as its server reports it, for the evidence
 * page's storage control. Only PostgreSQL can say: its files live on the
 * database host. The embedded SQLite store's files are in the data folder,
 * where the caller measures them (the write-ahead log included).
 */
import { sql, type Kysely } from "kysely";
import { isPostgres } from "./dialect";
import type { Database } from "./schema";

/** Bytes of the current PostgreSQL database (`pg_database_size`), or null on SQLite. */
export async function selectDatabaseBytes(db: Kysely<Database>): Promise<number | null> {
  if (!isPostgres(db)) return null;
  const { rows } = await sql<{ bytes: number }>`
    SELECT pg_database_size(current_database()) AS bytes`.execute(db);
  // int8 is parsed to a number by the store's dialect.
  return Number(rows[0]?.bytes ?? 0);
}
