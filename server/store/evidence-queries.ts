/**
 * Reads behind the evidence page: audit actions counted over a window, the
 * latest entry of an action, and integrity counts over jobs and deliveries.
 * Read-only, dialect-neutral Kysely; each is one indexed or aggregate query.
 */
import { sql, type Kysely } from "kysely";
import type { AuditAction, AuditEntry } from "../../lib/auth";
import { toAuditEntry } from "./audit-queries";
import type { Database } from "./schema";

/** How often an audit action was recorded in a window. */
export interface AuditActionCount {
  /** Entries recorded. */
  entries: number;
  /** Repeats the recorder folded into those entries (`details.suppressedBefore`, throttled actions). */
  suppressed: number;
}

/** Entries per action since `sinceMs` (actions with none are absent). */
export async function countAuditActions(
  db: Kysely<Database>,
  sinceMs: number,
): Promise<Map<AuditAction, AuditActionCount>> {
  const rows = await db
    .selectFrom("audit_log")
    .select(["action", sql<number>`count(*)`.as("n")])
    .where("at", ">=", sinceMs)
    .groupBy("action")
    .execute();
  const counts = new Map<AuditAction, AuditActionCount>();
  for (const row of rows) counts.set(row.action as AuditAction, { entries: Number(row.n), suppressed: 0 });
  // Only throttled entries carry the field; the LIKE keeps the parse to those few.
  const folded = await db
    .selectFrom("audit_log")
    .select(["action", "details"])
    .where("at", ">=", sinceMs)
    .where("details", "like", '%"suppressedBefore"%')
    .execute();
  for (const row of folded) {
    const count = counts.get(row.action as AuditAction);
    const suppressed = Number((JSON.parse(row.details) as { suppressedBefore?: unknown }).suppressedBefore);
    if (count && Number.isInteger(suppressed)) count.suppressed += suppressed;
  }
  return counts;
}

/** The newest entry of an action, or null. */
export async function selectLatestAudit(
  db: Kysely<Database>,
  action: AuditAction,
): Promise<AuditEntry | null> {
  const row = await db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", action)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toAuditEntry(row) : null;
}

/** Integrity counts over what is stored now. */
export interface StoredCounts {
  jobs: number;
  deliveries: number;
  /** Jobs no stored delivery names as its job (see docs/evidence.md for why some can be legitimate). */
  jobsWithoutDelivery: number;
  /** Jobs flagged lost that were created since the window's start. */
  lostJobs: number;
  /** Alert notifications waiting to be sent. */
  outboxDepth: number;
  /** Deliveries received since the window's start (what the store grew by). */
  deliveriesSince: number;
}

/** Counts jobs, deliveries, jobs without their raw delivery, lost jobs since `sinceMs` and the outbox. */
export async function selectStoredCounts(db: Kysely<Database>, sinceMs: number): Promise<StoredCounts> {
  const count = sql<number>`count(*)`.as("n");
  const [jobs, deliveries, orphans, lost, outbox, recent] = await Promise.all([
    db.selectFrom("jobs").select(count).executeTakeFirst(),
    db.selectFrom("deliveries").select(count).executeTakeFirst(),
    db
      .selectFrom("jobs")
      .select(count)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("deliveries").select("deliveries.seq").whereRef("deliveries.job_id", "=", "jobs.id"),
          ),
        ),
      )
      .executeTakeFirst(),
    db
      .selectFrom("jobs")
      .select(count)
      .where("lost", "=", 1)
      .where("created_at", ">=", sinceMs)
      .executeTakeFirst(),
    db.selectFrom("alert_deliveries").select(count).where("status", "=", "pending").executeTakeFirst(),
    // Through the `deliveries_received` index.
    db.selectFrom("deliveries").select(count).where("received_at", ">=", sinceMs).executeTakeFirst(),
  ]);
  return {
    jobs: Number(jobs?.n ?? 0),
    deliveries: Number(deliveries?.n ?? 0),
    jobsWithoutDelivery: Number(orphans?.n ?? 0),
    lostJobs: Number(lost?.n ?? 0),
    outboxDepth: Number(outbox?.n ?? 0),
    deliveriesSince: Number(recent?.n ?? 0),
  };
}
