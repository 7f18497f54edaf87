/**
 * The shared store: PostgreSQL, chosen by `DATABASE_URL=postgres://…`, for
 * several Runwatch nodes at once. Same slices, same answers as SQLite
 * (`../compose.ts`); this module only connects, migrates and composes.
 *
 * The migrations are the shared list (`../migrations.ts`), branching on the
 * dialect where the SQL differs. They run under Kysely's session advisory
 * lock (`PostgresAdapter`): nodes starting together apply each migration
 * once, the others wait and then find nothing pending.
 */
import pg from "pg";
import { Kysely, Migrator, sql } from "kysely";
import { composeSlices } from "../compose";
import { pendingMigrations } from "../migration-status";
import { migrationProvider } from "../migrations";
import type { Database } from "../schema";
import type { Store } from "../store";
import { pgTypes, StorePostgresDialect } from "./dialect";

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * The audit chain's HMAC key (`loadAuditKey`: the setting, or the key file in the data folder).
   * Never kept in PostgreSQL: someone who can edit the database must not be able to re-chain it.
   */
  auditKey: Buffer;
  /** Most connections this process opens (default 10). */
  poolSize?: number;
  /**
   * Called when an idle connection fails (the server restarted or went away). The pool drops the
   * connection and the next query opens a new one; without a listener the error would end the process.
   */
  onConnectionError?: (error: Error) => void;
}

/** `url` with its password hidden, to name the database in messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

/** True when `url` selects the PostgreSQL store (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Connects to the PostgreSQL database at `url`, applies pending migrations and
 * returns the store. Rejects with an error naming `DATABASE_URL` (its password
 * hidden) and the cause when the server cannot be reached or refuses us.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes });
  // An idle connection's failure reaches the pool; one in use by a transaction (between its
  // statements) reaches only its client. Unheard, either would end the process: listen to both.
  // The transaction then fails on its next statement, answered as the database being unavailable.
  pool.on("error", (error) => options.onConnectionError?.(error));
  pool.on("connect", (client) => client.on("error", (error) => options.onConnectionError?.(error)));
  const db = new Kysely<Database>({ dialect: new StorePostgresDialect({ pool }) });

  try {
    await sql`SELECT 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new Error(
      `DATABASE_URL: cannot connect to PostgreSQL at ${redactDatabaseUrl(url)}: ${describe(error)}`,
      {
        cause: error,
      },
    );
  }
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${describe(error)}`, {
      cause: error,
    });
  }

  const { slices, settled } = composeSlices(db, options.auditKey);
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

/** The message of a thrown value; pg's connection errors carry their code (ECONNREFUSED, 28P01) apart. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message =
    error.message || (error instanceof AggregateError ? error.errors.map(describe).join("; ") : "");
  return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
}
