/**
 * The embedded store: one SQLite file in the data folder, WAL mode, fully
 * synchronous commits so an acknowledged webhook survives a crash or power cut.
 */
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, sql } from "kysely";
import { ImmediateSqliteDialect } from "./sqlite-dialect";
import type { Database } from "./schema";
import { migrationProvider } from "./migrations";
import { selectJob, selectJobs, upsertJob } from "./job-queries";
import {
  ensureAdminKey,
  insertApiKey,
  revokeApiKey,
  selectApiKey,
  selectApiKeyBySecret,
  selectApiKeys,
  touchApiKey,
} from "./key-queries";
import {
  insertSession,
  revokeSession,
  revokeSessionsForKey,
  selectSession,
  selectSessions,
} from "./session-queries";
import { appendAudit, selectAudit, selectAuditAfter, verifyAuditLog } from "./audit-queries";
import { purgeJobsBefore } from "./retention";
import { sameJob } from "../domain/merge";
import type { Store } from "./store";

/** File name of the database inside the data folder. */
export const SQLITE_FILE = "runwatch.sqlite";

/** Opens (creating if needed) the SQLite store in `dataDir` and applies pending migrations. */
export async function openSqliteStore(dataDir: string): Promise<Store> {
  fs.mkdirSync(dataDir, { recursive: true });
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
          return { duplicate: true, job: null, previous: null, changed: false };
        }
        if (!record.jobId || !record.merge)
          return { duplicate: false, job: null, previous: null, changed: false };
        const previous = await selectJob(trx, record.jobId);
        const next = record.merge(previous);
        if (previous && sameJob(previous, next)) {
          return { duplicate: false, job: previous, previous, changed: false };
        }
        await upsertJob(trx, next, previous, record.receivedAt);
        return { duplicate: false, job: next, previous, changed: true };
      });
    },
    getJob: (id) => selectJob(db, id),
    listJobs: (query) => selectJobs(db, query),

    createApiKey: (input, now) => insertApiKey(db, input, now),
    listApiKeys: () => selectApiKeys(db),
    getApiKey: (id) => selectApiKey(db, id),
    findApiKeyBySecret: (secret) => selectApiKeyBySecret(db, secret),
    touchApiKey: (id, now) => touchApiKey(db, id, now),
    revokeApiKey: (id, now) =>
      db.transaction().execute(async (trx) => {
        const revoked = await revokeApiKey(trx, id, now);
        if (revoked) await revokeSessionsForKey(trx, id, now);
        return revoked;
      }),
    ensureAdminKey: (configuredToken, now) => ensureAdminKey(db, configuredToken, now),

    createSession: (keyId, ttlMs, now) => insertSession(db, keyId, ttlMs, now),
    findSession: (token, now) => selectSession(db, token, now),
    listSessions: (options) => selectSessions(db, options),
    revokeSession: (id, now) => revokeSession(db, id, now),
    revokeSessionsForKey: (keyId, now) => revokeSessionsForKey(db, keyId, now),

    appendAudit: (input, now) => appendAudit(db, input, now),
    listAudit: (query) => selectAudit(db, query),
    readAuditAfter: (afterSeq, limit) => selectAuditAfter(db, afterSeq, limit),
    verifyAudit: () => verifyAuditLog(db),

    purgeJobsBefore: (cutoffMs) => purgeJobsBefore(db, cutoffMs),

    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
