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
import { flagLostJobs, insertJobs, selectJob, selectJobs } from "./job-queries";
import {
  countActive,
  finishedFacts,
  runnerActivity,
  runsOnBranches,
  waitingJobs,
  workflowStats,
} from "./metric-lists";
import { failureGroups } from "./metric-failures";
import { aggregateBuckets, aggregateWindow } from "./metric-queries";
import { REFRESH_BATCH, refreshRollups } from "./metric-rollups";
import {
  deleteConfig,
  insertConfig,
  replaceConfig,
  selectConfig,
  selectConfigs,
} from "./alert-config-queries";
import {
  deleteAlertStates,
  insertNotice,
  selectAlerts,
  selectAlertStates,
  selectDueDeliveries,
  selectNextDue,
  selectOpenAlert,
  selectSeriesState,
  updateDelivery,
  upsertSeriesState,
} from "./alert-queries";
import { applyObservations } from "./apply-observations";
import {
  countLostJobs,
  incrementDeliveryStats,
  selectDeliveriesAfter,
  selectDeliveryStats,
} from "./delivery-queries";
import { selectRunDetail, selectRuns } from "./run-queries";
import { selectRunners } from "./runner-queries";
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

  // One roll-up refresh at a time; callers arriving meanwhile share it.
  let refreshing: Promise<number> | null = null;
  const refresh = async () => {
    // Rounds continue only while a full batch was found (a backlog); hours re-dirtied by
    // live ingest meanwhile wait for the next call, so steady traffic cannot keep it spinning.
    let total = 0;
    let n: number;
    do {
      n = await refreshRollups(db, REFRESH_BATCH);
      total += n;
    } while (n === REFRESH_BATCH);
    return total;
  };

  return {
    refreshMetrics() {
      refreshing ??= refresh().finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
    async importJobs(jobs) {
      await db.transaction().execute((trx) => insertJobs(trx, jobs, Date.now()));
    },
    aggregateWindow: (filter, from, to) => aggregateWindow(db, filter, from, to),
    aggregateBuckets: (filter, from, to, bucketMs, groupBy, need) =>
      aggregateBuckets(db, filter, from, to, bucketMs, groupBy, need),
    countActiveJobs: (filter) => countActive(db, filter),
    failureGroups: (filter, from, to, groupBy, sample) =>
      failureGroups(db, filter, from, to, groupBy, sample),
    finishedFacts: (filter, from, to) => finishedFacts(db, filter, from, to),
    workflowStats: (filter, from, to) => workflowStats(db, filter, from, to),
    runsOnBranches: (filter, branches, from, to) => runsOnBranches(db, filter, branches, from, to),
    waitingJobs: (filter) => waitingJobs(db, filter),
    runnerActivity: (filter, from, to) => runnerActivity(db, filter, from, to),

    createChannel: (input, now) => insertConfig(db, "channels", input, now),
    listChannels: () => selectConfigs(db, "channels"),
    getChannel: (id) => selectConfig(db, "channels", id),
    replaceChannel: (id, input, now) => replaceConfig(db, "channels", id, input, now),
    deleteChannel: (id) => deleteConfig(db, "channels", id),
    createRule: (input, now) => insertConfig(db, "alert_rules", input, now),
    listRules: () => selectConfigs(db, "alert_rules"),
    getRule: (id) => selectConfig(db, "alert_rules", id),
    replaceRule: (id, input, now) => replaceConfig(db, "alert_rules", id, input, now),
    deleteRule: (id) =>
      db.transaction().execute(async (trx) => {
        await deleteAlertStates(trx, id);
        return deleteConfig(trx, "alert_rules", id);
      }),
    getSeriesState: (key) => selectSeriesState(db, key),
    putSeriesState: (key, state) => upsertSeriesState(db, key, state),
    getAlertStates: (ruleId) => selectAlertStates(db, ruleId),
    openAlert: (ruleId, subject) => selectOpenAlert(db, ruleId, subject),
    recordNotice: (notice) => db.transaction().execute((trx) => insertNotice(trx, notice)),
    listAlerts: (query) => selectAlerts(db, query),
    dueDeliveries: (now, limit) => selectDueDeliveries(db, now, limit),
    recordAttempt: (id, attempt) => updateDelivery(db, id, attempt),
    nextDueAt: () => selectNextDue(db),

    async recordDelivery(record) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("deliveries")
          .values({
            source: record.source,
            delivery_id: record.deliveryId,
            event: record.event,
            kind: record.kind,
            job_id: record.observations.jobs[0]?.id ?? null,
            received_at: record.receivedAt,
            body: record.body,
          })
          .onConflict((oc) => oc.columns(["source", "delivery_id"]).doNothing())
          .executeTakeFirst();
        const duplicate = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0;
        const outcome = duplicate ? "duplicate" : record.kind === "ignored" ? "ignored" : "accepted";
        const stats = await incrementDeliveryStats(trx, record.source, outcome, record.receivedAt);
        if (duplicate) return { duplicate, jobs: [], runs: [], runners: [], stats };
        const applied = await applyObservations(trx, record.observations, record.receivedAt);
        return { duplicate, ...applied, stats };
      });
    },
    countDelivery: (source, outcome, at) => incrementDeliveryStats(db, source, outcome, at),
    listDeliveryStats: () => selectDeliveryStats(db),
    countLostJobs: () => countLostJobs(db),
    listRuns: (query) => selectRuns(db, query),
    getRun: (id) => selectRunDetail(db, id),
    listRunners: () => selectRunners(db),
    flagLostJobs: (cutoffMs, now, limit = 500) => flagLostJobs(db, cutoffMs, now, limit),
    readDeliveriesAfter: (afterSeq, limit) => selectDeliveriesAfter(db, afterSeq, limit),
    async countDeliveries() {
      const row = await db
        .selectFrom("deliveries")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async reapplyDelivery(delivery, observations, generation) {
      await db
        .transaction()
        .execute((trx) => applyObservations(trx, observations, delivery.receivedAt, generation));
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
      // A roll-up refresh in flight finishes first (it is bounded: 500 hours a round).
      await refreshing?.catch(() => undefined);
      await db.destroy();
    },
  };
}
