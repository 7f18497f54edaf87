/**
 * What the stall radar reads beyond the queue (jobs running now, recent
 * delivery times) and its one write: an admin marking a job lost. Plain
 * Kysely, the same on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";
import { ACTIVE_STATUSES, type Job, type JobSource } from "../../lib/job";
import { causeOf } from "../domain/failure";
import type { Database } from "./schema";
import type { Change } from "./records";

/** Most running jobs read at once (as `waitingJobs` reads at most 5,000 waiting ones). */
const RUNNING_LIMIT = 5000;

/** Jobs running now, oldest start first. */
export async function selectRunningJobs(db: Kysely<Database>): Promise<Job[]> {
  const rows = await db
    .selectFrom("jobs")
    .select("data")
    .where("status", "=", "running")
    .where("finished_at", "is", null)
    .orderBy("created_at", "asc")
    .limit(RUNNING_LIMIT)
    .execute();
  return rows.map((r) => JSON.parse(r.data) as Job);
}

/** When each delivery since `from` (ms) arrived, newest first, at most `limit` (through `deliveries_received`). */
export async function selectDeliveryTimes(
  db: Kysely<Database>,
  from: number,
  limit: number,
): Promise<{ source: JobSource; receivedAt: number }[]> {
  const rows = await db
    .selectFrom("deliveries")
    .select(["source", "received_at"])
    .where("received_at", ">=", from)
    .orderBy("received_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ source: r.source as JobSource, receivedAt: Number(r.received_at) }));
}

/** What marking a job lost did. */
export type MarkLostResult =
  { outcome: "not_found" } | { outcome: "finished"; job: Job } | { outcome: "marked"; change: Change<Job> };

/**
 * Marks an active job lost at `at` (ms): `lost` and `lostMarkedAt` set, in one
 * transaction. A finished job is left alone. Marking twice re-stamps nothing.
 */
export async function markJobLost(db: Kysely<Database>, id: string, at: number): Promise<MarkLostResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("jobs")
      .select(["data", "status"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return { outcome: "not_found" };
    const previous = JSON.parse(row.data) as Job;
    if (!(ACTIVE_STATUSES as readonly string[]).includes(row.status))
      return { outcome: "finished", job: previous };
    if (previous.lostMarkedAt) return { outcome: "marked", change: { current: previous, previous } };
    const current: Job = { ...previous, lost: true, lostMarkedAt: new Date(at).toISOString() };
    // updated_at stays: it records the last delivery, not this mark.
    await trx
      .updateTable("jobs")
      .set({ lost: 1, cause: causeOf(current), data: JSON.stringify(current) })
      .where("id", "=", id)
      .execute();
    return { outcome: "marked", change: { current, previous } };
  });
}
