/**
 * The embedded store: one SQLite file in the data folder, WAL mode, fully
 * synchronous commits so an acknowledged webhook survives a crash or power cut.
 * This module only opens, migrates and composes: each slice's behaviour lives
 * in its own factory beside its queries.
 */
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, sql } from "kysely";
import { loadAuditKey } from "../runtime/audit-key";
import { composeSlices } from "./compose";
import { pendingMigrations } from "./migration-status";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";
import { ImmediateSqliteDialect } from "./sqlite-dialect";
import type { Store } from "./store";

/** File name of the database inside the data folder. */
export const SQLITE_FILE = "runwatch.sqlite";

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The audit chain's key (`loadAuditKey`); unset: the key file in the data folder, generated at first start. */
  auditKey?: Buffer;
}

/** Opens (creating if needed) the SQLite store in `dataDir` and applies pending migrations. */
export async function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  fs.mkdirSync(dataDir, { recursive: true });
  // Before the database: a key file that cannot be read must stop start-up, not leave the log unchained.
  const auditKey = options.auditKey ?? loadAuditKey(dataDir);
  const file = new SqliteDatabase(path.join(dataDir, SQLITE_FILE));
  // First, so every later statement (switching to WAL included) waits for a lock instead of failing.
  file.pragma("busy_timeout = 10000");
  file.pragma("journal_mode = WAL");
  // FULL: the WAL is fsynced at every commit; NORMAL could lose acknowledged deliveries on power loss.
  file.pragma("synchronous = FULL");
  file.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: file }) });

  // Kysely takes no lock for SQLite migrations, so a server and the CLI opening a new file at once
  // would both migrate. The write lock serialises them (and rolls back a half-applied migration).
  file.exec("BEGIN IMMEDIATE");
  const { error, results } = await new Migrator({ db, provider: migrationProvider })
    .migrateToLatest()
    .catch((thrown: unknown) => ({ error: thrown, results: undefined }));
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    if (file.inTransaction) file.exec("ROLLBACK");
    await db.destroy();
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
  file.exec("COMMIT");

  const { slices, settled } = composeSlices(db, auditKey);
  return {
    ...slices,
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    pendingMigrations: () => pendingMigrations(db),
    async close() {
      await settled();
      await db.destroy();
    },
  };
}
