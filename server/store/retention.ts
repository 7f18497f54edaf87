/**
 * Retention purge as dialect-neutral Kysely queries: jobs (with their label
 * rows) and raw deliveries older than a cutoff. Deletes run in small batches,
 * each its own transaction with the event loop free between them, so a large
 * purge never holds the write lock or the main thread long enough to delay a
 * webhook.
 */
import type { Kysely } from "kysely";
import { yieldToEventLoop } from "../runtime/yield";
import { purgeUsageBefore } from "./fleet-usage";
import { ROLLUP_DIMS, hourOf, markDirty } from "./metric-rollups";
import { pruneJobValues } from "./job-values";
import { createQueueIntelStore } from "./queue-intel-store";
import { forgetRunJobs } from "./run-aggregates";
import type { Database } from "./schema";

/** Rows deleted per transaction. */
export const PURGE_BATCH = 500;

/** How many rows a purge removed. */
export interface PurgeCounts {
  jobs: number;
  deliveries: number;
}

/**
 * Deletes jobs created before `cutoffMs` and not updated since (a job still
 * receiving events is kept however old it is), their labels, and deliveries
 * received before `cutoffMs`.
 */
export async function purgeJobsBefore(db: Kysely<Database>, cutoffMs: number): Promise<PurgeCounts> {
  let jobs = 0;
  for (;;) {
    const removed = await db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom("jobs")
          .select("id")
          .where("created_at", "<", cutoffMs)
          .where("updated_at", "<", cutoffMs)
          .limit(PURGE_BATCH)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      await trx.deleteFrom("job_labels").where("job_id", "in", ids).execute();
      await trx.deleteFrom("job_observations").where("job_id", "in", ids).execute();
      await forgetRunJobs(trx, ids);
      await trx.deleteFrom("flaky_runs").where("job_id", "in", ids).execute();
      await trx.deleteFrom("log_tails").where("job_id", "in", ids).execute();
      await trx.deleteFrom("jobs").where("id", "in", ids).execute();
      return ids.length;
    });
    jobs += removed;
    if (removed < PURGE_BATCH) break;
    await yieldToEventLoop();
  }

  // Runs age like jobs; a run whose jobs were all purged has nothing left to show.
  for (;;) {
    const ids = (
      await db
        .selectFrom("runs")
        .select("id")
        .where("created_at", "<", cutoffMs)
        .where("updated_at", "<", cutoffMs)
        .limit(PURGE_BATCH)
        .execute()
    ).map((r) => r.id);
    if (ids.length > 0) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("run_observations").where("run_id", "in", ids).execute();
        // Counts of jobs still stored (still receiving events) stay with them.
        await trx.deleteFrom("run_job_counts").where("run_id", "in", ids).where("n", "=", 0).execute();
        await trx.deleteFrom("runs").where("id", "in", ids).execute();
      });
    }
    if (ids.length < PURGE_BATCH) break;
    await yieldToEventLoop();
  }

  // Roll-ups of hours wholly before the cutoff describe jobs that are gone; the hour
  // holding the cutoff is rebuilt from the jobs that remain.
  await db
    .deleteFrom("metric_rollups")
    .where("dim", "in", ROLLUP_DIMS)
    .where("hour", "<", hourOf(cutoffMs))
    .execute();
  await markDirty(db, [cutoffMs]);

  // A runner not heard of for the whole retention window is gone.
  await db.deleteFrom("runners").where("last_seen_at", "<", cutoffMs).execute();
  // Filter suggestions of values no job newer than the cutoff has (a small table: one statement).
  await pruneJobValues(db, cutoffMs);
  await purgeUsageBefore(db, cutoffMs);
  await createQueueIntelStore(db).purgeQueueIntelBefore(cutoffMs);

  let deliveries = 0;
  for (;;) {
    const seqs = (
      await db
        .selectFrom("deliveries")
        .select("seq")
        .where("received_at", "<", cutoffMs)
        .limit(PURGE_BATCH)
        .execute()
    ).map((r) => r.seq);
    if (seqs.length > 0) await db.deleteFrom("deliveries").where("seq", "in", seqs).execute();
    deliveries += seqs.length;
    if (seqs.length < PURGE_BATCH) break;
    await yieldToEventLoop();
  }
  return { jobs, deliveries };
}
