/**
 * Moving an install from its SQLite file to PostgreSQL: every row of every
 * table copied, as stored, into an empty PostgreSQL database of the same
 * schema, in ONE PostgreSQL transaction (a failure leaves it empty), then
 * the identity sequences moved past the copied ids. The SQLite file is only
 * read. Stop Runwatch first: deliveries arriving during the copy would be
 * missing from it.
 */
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { Kysely, sql } from "kysely";
import { loadAuditKey } from "../../runtime/audit-key";
import type { Database } from "../schema";
import { openSqliteStore, SQLITE_FILE } from "../sqlite";
import { pgTypes, StorePostgresDialect } from "./dialect";
import { openPostgresStore, redactDatabaseUrl } from "./store";

/** Rows per INSERT (PostgreSQL takes at most 65,535 parameters per statement). */
const ROWS_PER_INSERT = 500;

/** Tables others reference come first; the rest follow in name order. */
const FIRST = ["api_keys", "jobs"];

/**
 * Tables a migration seeds with a row of its own (0018's chain marker, fixed by a trigger): not
 * "data" when checking the target is empty, and replaced by the source's row (the marker records
 * where the source's keyed chain starts).
 */
const SEEDED = ["audit_chain"];

/** Rows copied, per table. */
export type CopyReport = Record<string, number>;

/** Called after each chunk: the table and the rows of it copied so far. */
export type CopyProgress = (table: string, copied: number, total: number) => Promise<void> | void;

/**
 * Copies the SQLite store in `dataDir` into the PostgreSQL database at `url`.
 * Both are migrated first (the copy is column for column). Rejects, copying
 * nothing, when there is no SQLite file or the PostgreSQL database already
 * holds data.
 */
export async function copySqliteToPostgres(
  dataDir: string,
  url: string,
  onProgress: CopyProgress = () => {},
): Promise<CopyReport> {
  const file = path.join(dataDir, SQLITE_FILE);
  if (!fs.existsSync(file)) throw new Error(`no SQLite database to copy at ${file}`);
  // Both schemas at the latest migration, so every column has its twin.
  await (await openSqliteStore(dataDir)).close();
  // The key only composes the slices here; the copied chain stays keyed by the data folder's key.
  await (await openPostgresStore(url, { poolSize: 1, auditKey: loadAuditKey(dataDir) })).close();

  const source = new SqliteDatabase(file, { readonly: true });
  const pool = new pg.Pool({ connectionString: url, max: 1, types: pgTypes });
  pool.on("error", () => {}); // A failure reaches the statement that meets it.
  const target = new Kysely<Database>({ dialect: new StorePostgresDialect({ pool }) });
  try {
    const tables = tablesOf(source);
    await refuseIfNotEmpty(target, tables, url);
    const report: CopyReport = {};
    await target.transaction().execute(async (trx) => {
      for (const table of tables) {
        if (SEEDED.includes(table)) await clearSeeded(trx, table);
        report[table] = await copyTable(source, trx, table, onProgress);
        if (SEEDED.includes(table))
          await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(trx);
      }
      await moveSequences(trx);
    });
    return report;
  } finally {
    source.close();
    await target.destroy();
  }
}

/** The store's tables in copy order. */
function tablesOf(source: SqliteDatabase.Database): string[] {
  const names = (
    source
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
          AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
  return [...FIRST.filter((name) => names.includes(name)), ...names.filter((name) => !FIRST.includes(name))];
}

async function refuseIfNotEmpty(target: Kysely<Database>, tables: string[], url: string): Promise<void> {
  for (const table of tables.filter((name) => !SEEDED.includes(name))) {
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM ${sql.table(table)} LIMIT 1`.execute(
      target,
    );
    if (rows.length > 0) {
      throw new Error(
        `the PostgreSQL database at ${redactDatabaseUrl(url)} already holds data (table ${table}); ` +
          "copy into an empty database",
      );
    }
  }
}

/** Empties a seeded table past its guard trigger; the caller re-enables the trigger after the copy. */
async function clearSeeded(trx: Kysely<Database>, table: string): Promise<void> {
  // Inside the copy's transaction: a failure rolls the trigger change back with everything else.
  await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(trx);
  await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
}

async function copyTable(
  source: SqliteDatabase.Database,
  target: Kysely<Database>,
  table: string,
  onProgress: CopyProgress,
): Promise<number> {
  const total = (source.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  // rowid order: insertion order, which keeps sequence numbers (deliveries, audit) ascending.
  const rows = source.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).iterate() as IterableIterator<
    Record<string, unknown>
  >;
  let copied = 0;
  let chunk: Record<string, unknown>[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await target
      .insertInto(table as keyof Database)
      .values(chunk as never)
      .execute();
    copied += chunk.length;
    chunk = [];
    await onProgress(table, copied, total);
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === ROWS_PER_INSERT) await flush();
  }
  await flush();
  return copied;
}

/** Moves each identity column's sequence past the largest id copied, so new rows do not collide. */
async function moveSequences(trx: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND is_identity = 'YES'`.execute(trx);
  for (const { table_name: table, column_name: column } of rows) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}),
      coalesce((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  }
}
