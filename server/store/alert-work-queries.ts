/**
 * The durable alert-work queue: finished jobs written in the delivery's
 * transaction, read oldest first and deleted in the transaction that records
 * what their evaluation decided.
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import type { AlertWork } from "../domain/alert-work";
import type { Database } from "./schema";

/** Queues finished jobs for evaluation. */
export async function insertAlertWork(db: Kysely<Database>, jobs: readonly Job[], at: number): Promise<void> {
  if (jobs.length === 0) return;
  await db
    .insertInto("alert_work")
    .values(jobs.map((job) => ({ job: JSON.stringify(job), queued_at: at })))
    .execute();
}

/** At most `limit` queued items, oldest first. */
export async function selectAlertWork(db: Kysely<Database>, limit: number): Promise<AlertWork[]> {
  const rows = await db.selectFrom("alert_work").select(["seq", "job"]).orderBy("seq").limit(limit).execute();
  return rows.map((row) => ({ seq: Number(row.seq), job: JSON.parse(row.job) as Job }));
}

/** Removes queued items up to and including `lastSeq` (they were read oldest first). */
export async function deleteAlertWorkThrough(db: Kysely<Database>, lastSeq: number): Promise<void> {
  await db.deleteFrom("alert_work").where("seq", "<=", lastSeq).execute();
}
