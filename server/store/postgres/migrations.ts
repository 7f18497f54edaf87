/**
 * The PostgreSQL store's migrations: the shared list (`../migrations.ts`)
 * under the same names, with the released ones whose SQL only SQLite speaks
 * replaced by their PostgreSQL versions (`early-schema.ts`). Sharing the
 * names keeps one history: a migration added to the shared list runs on both
 * engines unless an entry here replaces it.
 */
import type { Migration, MigrationProvider } from "kysely";
import { migrationProvider } from "../migrations";
import {
  pgMigration0002,
  pgMigration0003,
  pgMigration0004,
  pgMigration0006,
  pgMigration0009,
  pgMigration0010,
  pgMigration0016,
} from "./early-schema";
import { pgMigration0018 } from "./later-schema";

/** Shared migrations replaced on PostgreSQL, by name. */
const REPLACED: Record<string, Migration> = {
  "0002_auth_and_audit": pgMigration0002,
  "0003_runs_runners_delivery_health": pgMigration0003,
  "0004_metrics": pgMigration0004,
  "0006_run_aggregates": pgMigration0006,
  "0009_compact_metrics": pgMigration0009,
  "0010_runner_kinds_usage": pgMigration0010,
  "0016_link_schemes": pgMigration0016,
  "0018_audit_keyed_chain": pgMigration0018,
};

/** Supplies the PostgreSQL migrations to Kysely's `Migrator`. */
export const pgMigrationProvider: MigrationProvider = {
  getMigrations: async () => {
    const shared = await migrationProvider.getMigrations();
    for (const name of Object.keys(REPLACED)) {
      // A renamed shared migration would silently stop being replaced: fail loudly instead.
      if (!(name in shared)) throw new Error(`PostgreSQL migration ${name} replaces nothing`);
    }
    return { ...shared, ...REPLACED };
  },
};
