/**
 * Chooses the store engine: PostgreSQL when a database URL is given
 * (`DATABASE_URL`), otherwise the embedded SQLite file in the data folder.
 */
import { loadAuditKey } from "../runtime/audit-key";
import { openPostgresStore, type PostgresStoreOptions } from "./postgres/store";
import { openSqliteStore } from "./sqlite";
import type { Store } from "./store";

/** Where the store lives. */
export interface StoreLocation {
  /** The data folder (SQLite's file lives here). */
  dataDir: string;
  /** A `postgres://` URL selecting PostgreSQL; null keeps SQLite. */
  databaseUrl: string | null;
}

/** Options of {@link openStore}: PostgreSQL's, with the audit key optional. */
export type StoreOptions = Omit<PostgresStoreOptions, "auditKey"> & {
  /** The audit chain's key; unset: the key file in the data folder (either engine), created at first start. */
  auditKey?: Buffer;
};

/** Opens and migrates the store `location` names. */
export function openStore(location: StoreLocation, options: StoreOptions = {}): Promise<Store> {
  // On both engines the key lives outside the database: the setting or the data folder.
  const auditKey = options.auditKey ?? loadAuditKey(location.dataDir);
  return location.databaseUrl === null
    ? openSqliteStore(location.dataDir, { auditKey })
    : openPostgresStore(location.databaseUrl, { ...options, auditKey });
}
