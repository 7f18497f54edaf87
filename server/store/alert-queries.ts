/**
 * Alert state, fired alerts and the notification outbox. A notice is one
 * transaction: throttle state, the alert, and one outbox row per channel, so
 * a crash either loses the notice entirely (it is re-derived on the next
 * evaluation) or keeps all of it; the outbox worker then delivers what is
 * pending, across restarts.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Alert, AlertDelivery, AlertListResponse, AlertNotice } from "../../lib/alerts";
import type { SeriesState, SubjectState } from "../domain/alert-state";
import { insertAlertJobs, readAlert } from "./alert-link-queries";
import { decodeCursor, encodeCursor } from "./cursor";
import type { TeamScope } from "../../lib/teams";
import { alertScopeCondition } from "./team-scope";
import type { Database } from "./schema";
import { OUTBOX_LIMIT, type DeliveryAttempt, type DueDelivery, type NoticeRecord } from "./records";

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** The last outcome of a job series, or null. */
export async function selectSeriesState(db: Kysely<Database>, key: string): Promise<SeriesState | null> {
  const row = await db.selectFrom("job_series").select("data").where("key", "=", key).executeTakeFirst();
  return row ? (JSON.parse(row.data) as SeriesState) : null;
}

/** Stores the last outcome of a job series. */
export async function upsertSeriesState(
  db: Kysely<Database>,
  key: string,
  state: SeriesState,
): Promise<void> {
  const data = JSON.stringify(state);
  await db
    .insertInto("job_series")
    .values({ key, data })
    .onConflict((oc) => oc.column("key").doUpdateSet({ data }))
    .execute();
}

/** Every subject's throttle state of a rule. */
export async function selectAlertStates(
  db: Kysely<Database>,
  ruleId: string,
): Promise<Map<string, SubjectState>> {
  const rows = await db
    .selectFrom("alert_state")
    .select(["subject", "data"])
    .where("rule_id", "=", ruleId)
    .execute();
  return new Map(rows.map((row) => [row.subject, JSON.parse(row.data) as SubjectState]));
}

/** Forgets a rule's throttle state (the rule was deleted). */
export async function deleteAlertStates(db: Kysely<Database>, ruleId: string): Promise<void> {
  await db.deleteFrom("alert_state").where("rule_id", "=", ruleId).execute();
}

/** The rule's firing alert about the subject, or null. */
export async function selectOpenAlert(
  db: Kysely<Database>,
  ruleId: string,
  subject: string,
): Promise<Alert | null> {
  const row = await db
    .selectFrom("alerts")
    .select("data")
    .where("rule_id", "=", ruleId)
    .where("subject", "=", subject)
    .where("state", "=", "firing")
    .orderBy("fired_at", "desc")
    .executeTakeFirst();
  return row ? readAlert(row.data) : null;
}

/** Throttle state, alert and outbox rows of one notice, in the caller's transaction. */
export async function insertNotice(db: Kysely<Database>, notice: NoticeRecord): Promise<Alert> {
  const { ruleId, subject, state, now } = notice;
  if (state === undefined) {
    await db.deleteFrom("alert_state").where("rule_id", "=", ruleId).where("subject", "=", subject).execute();
  } else {
    const data = JSON.stringify(state);
    await db
      .insertInto("alert_state")
      .values({ rule_id: ruleId, subject, data })
      .onConflict((oc) => oc.columns(["rule_id", "subject"]).doUpdateSet({ data }))
      .execute();
  }

  const alert: Alert = { ...notice.alert, id: notice.alert.id ?? `al_${randomUUID()}` };
  const row = { state: alert.state, updated_at: now, data: JSON.stringify(alert) };
  if (notice.alert.id === null) {
    await db
      .insertInto("alerts")
      .values({ id: alert.id, rule_id: ruleId, subject, fired_at: Date.parse(alert.firedAt), ...row })
      .execute();
  } else {
    await db.updateTable("alerts").set(row).where("id", "=", alert.id).execute();
  }
  await insertAlertJobs(db, alert);

  if (notice.channelIds.length > 0) {
    const rows = notice.channelIds.map((channelId) => ({
      id: `dl_${randomUUID()}`,
      alert_id: alert.id,
      channel_id: channelId,
      notice: notice.notice,
      status: "pending",
      attempts: 0,
      last_error: null,
      next_attempt_at: now,
      sent_at: null,
      created_at: now,
      payload: JSON.stringify(alert),
    }));
    // 11 columns a row: 500 rows stay under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto("alert_deliveries")
        .values(rows.slice(i, i + 500))
        .execute();
    await boundOutbox(db);
  }
  return alert;
}

/** Past `OUTBOX_LIMIT` pending rows, the oldest are given up (a receiver down for days must not fill the disk). */
async function boundOutbox(db: Kysely<Database>): Promise<void> {
  const { n } = await db
    .selectFrom("alert_deliveries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  const excess = Number(n) - OUTBOX_LIMIT;
  if (excess <= 0) return;
  const oldest = db
    .selectFrom("alert_deliveries")
    .select("id")
    .where("status", "=", "pending")
    .orderBy("created_at")
    .limit(excess);
  await db
    .updateTable("alert_deliveries")
    .set({
      status: "failed",
      last_error: `outbox full (${OUTBOX_LIMIT} pending): dropped`,
      next_attempt_at: null,
    })
    .where("id", "in", oldest)
    .execute();
}

type DeliveryRow = Database["alert_deliveries"];
const deliveryOf = (row: DeliveryRow): AlertDelivery => ({
  id: row.id,
  alertId: row.alert_id,
  channelId: row.channel_id,
  notice: row.notice as AlertNotice,
  status: row.status as AlertDelivery["status"],
  attempts: Number(row.attempts),
  lastError: row.last_error,
  nextAttemptAt: iso(row.next_attempt_at),
  sentAt: iso(row.sent_at),
});

/**
 * Fired alerts, newest first, each with its deliveries (oldest first); with
 * `jobId`, those the job took part in. A scoped caller sees the alerts one of
 * whose jobs is in its scope (an alert about no job, a pool or a source, is
 * outside every scope).
 */
export async function selectAlerts(
  db: Kysely<Database>,
  query: { cursor?: string; limit: number; jobId?: string },
  scope: TeamScope = null,
): Promise<AlertListResponse> {
  let q = db.selectFrom("alerts").select(["id", "fired_at", "data"]);
  const inScope = alertScopeCondition(scope);
  if (inScope) q = q.where(inScope);
  if (query.jobId !== undefined) {
    // alert_jobs' key starts with job_id: an index lookup, however many alerts there are.
    const linked = db.selectFrom("alert_jobs").select("alert_id").where("job_id", "=", query.jobId);
    q = q.where("id", "in", linked);
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([
        eb("fired_at", "<", after.key),
        eb.and([eb("fired_at", "=", after.key), eb("id", "<", after.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy("fired_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const ids = page.map((row) => row.id);
  const deliveries = ids.length
    ? await db
        .selectFrom("alert_deliveries")
        .selectAll()
        .where("alert_id", "in", ids)
        .orderBy("created_at")
        .execute()
    : [];
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...readAlert(row.data),
      deliveries: deliveries.filter((d) => d.alert_id === row.id).map(deliveryOf),
    })),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ key: Number(last.fired_at), id: last.id }) : null,
  };
}

/** Pending outbox rows due at `now`, oldest first. */
export async function selectDueDeliveries(
  db: Kysely<Database>,
  now: number,
  limit: number,
): Promise<DueDelivery[]> {
  const rows = await db
    .selectFrom("alert_deliveries")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .orderBy("created_at")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ delivery: deliveryOf(row), alert: readAlert(row.payload) }));
}

/** Records one send attempt. */
export async function updateDelivery(
  db: Kysely<Database>,
  id: string,
  attempt: DeliveryAttempt,
): Promise<void> {
  await db
    .updateTable("alert_deliveries")
    .set({
      status: attempt.status,
      attempts: attempt.attempts,
      last_error: attempt.lastError,
      next_attempt_at: attempt.nextAttemptAt,
      sent_at: attempt.sentAt,
    })
    .where("id", "=", id)
    .execute();
}

/** When the next pending row is due, or null. */
export async function selectNextDue(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom("alert_deliveries")
    .select((eb) => eb.fn.min("next_attempt_at").as("at"))
    .where("status", "=", "pending")
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}
