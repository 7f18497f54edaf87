/**
 * Whether the database has every migration this code knows: read by `/readyz`
 * on every probe, so a node whose database is behind (another node still
 * migrating, or a row missing from the migration table) says it is not ready.
 */
import { Migrator, type Kysely } from "kysely";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";

/** Names of the migrations not yet applied to `db`, in order (empty when it is up to date). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrations = await new Migrator({ db, provider: migrationProvider }).getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((m) => m.name);
}
