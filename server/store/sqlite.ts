/**
 * The embedded store: one SQLite file in the data folder, WAL mode, fully
 * synchronous commits so an acknowledged webhook survives a crash or power cut.
 */
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import type { Database } from "./schema";
import { migrationProvider } from "./migrations";
import { selectJob, selectJobs, upsertJob } from "./job-queries";
import { sameJob } from "../domain/merge";
import type { Store } from "./store";

/** File name of the database inside the data folder. */
export const SQLITE_FILE = "runwatch.sqlite";

/** Opens (creating if needed) the SQLite store in `dataDir` and applies pending migrations. */
export async function openSqliteStore(dataDir: string): Promise<Store> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = new SqliteDatabase(path.join(dataDir, SQLITE_FILE));
  file.pragma("journal_mode = WAL");
  // FULL: the WAL is fsynced at every commit; NORMAL could lose acknowledged deliveries on power loss.
  file.pragma("synchronous = FULL");
  file.pragma("foreign_keys = ON");
  file.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });

  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }

  return {
    async recordDelivery(record) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("deliveries")
          .values({
            source: record.source,
            delivery_id: record.deliveryId,
            event: record.event,
            kind: record.kind,
            job_id: record.jobId ?? null,
            received_at: record.receivedAt,
            body: record.body,
          })
          .onConflict((oc) => oc.columns(["source", "delivery_id"]).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
          return {
            duplicate: true,
            job: record.jobId ? await selectJob(trx, record.jobId) : null,
            changed: false,
          };
        }
        if (!record.jobId || !record.merge) return { duplicate: false, job: null, changed: false };
        const current = await selectJob(trx, record.jobId);
        const next = record.merge(current);
        if (current && sameJob(current, next)) return { duplicate: false, job: current, changed: false };
        await upsertJob(trx, next, record.receivedAt, record.receivedAt);
        return { duplicate: false, job: next, changed: true };
      });
    },
    getJob: (id) => selectJob(db, id),
    listJobs: (query) => selectJobs(db, query),
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
