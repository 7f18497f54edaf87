/**
 * Whether the database has every migration this code knows: read by `/readyz`
 * on every probe, so a node whose database is behind (another node still
 * migrating, or a row missing from the migration table) says it is not ready.
 */
import { Migrator, type Kysely, type MigrationProvider } from "kysely";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";

/**
 * Names of the migrations not yet applied to `db`, in order (empty when it is up to date).
 * `provider`: the migrations to compare with (both engines run the shared list).
 */
export async function pendingMigrations(
  db: Kysely<Database>,
  provider: MigrationProvider = migrationProvider,
): Promise<string[]> {
  const migrations = await new Migrator({ db, provider }).getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((m) => m.name);
}
