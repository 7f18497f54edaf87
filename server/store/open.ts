/**
 * Chooses the store engine: PostgreSQL when a database URL is given
 * (`DATABASE_URL`), otherwise the embedded SQLite file in the data folder.
 */
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

/** Opens and migrates the store `location` names. */
export function openStore(location: StoreLocation, options: PostgresStoreOptions = {}): Promise<Store> {
  return location.databaseUrl === null
    ? openSqliteStore(location.dataDir)
    : openPostgresStore(location.databaseUrl, options);
}
