/**
 * The store's queue-intelligence slice (migration 0021): one pool's active and
 * finished jobs for its ETA, the ETAs given with the starts that followed, and
 * the queue depth per pool and minute. The same SQL on both engines.
 */
import { sql, type Kysely } from "kysely";
import type { Job } from "../../lib/job";
import { DECIDED_STATUSES } from "../../lib/job";
import { jobKey, type FinishedSample } from "../domain/eta";
import type { Database } from "./schema";

/** An ETA given and the start that followed; times in ms since epoch. */
export interface EtaOutcome {
  jobId: string;
  pool: string;
  givenAt: number;
  predictedStart: number;
  actualStart: number;
}

/** One pool's queue depth in one minute. */
export interface QueueDepthRow {
  pool: string;
  /** ms since epoch of the minute's start. */
  minute: number;
  waitingMax: number;
  runningMax: number;
  waitingLast: number;
  runningLast: number;
}

/** Reads and writes of queue intelligence. */
export interface QueueIntelStore {
  /** The pool's queued, waiting and running jobs, oldest first (at most 5,000). */
  poolActiveJobs(pool: string): Promise<Job[]>;
  /** The pool's decided jobs finished since `since` with a duration, newest first (at most `limit`). */
  poolFinished(pool: string, since: number, limit: number): Promise<FinishedSample[]>;
  /** Records an ETA's outcome once per job (a second call for the same job is ignored). */
  recordEtaOutcome(outcome: EtaOutcome): Promise<void>;
  /** Outcomes of jobs that started in [from, to), optionally of one pool. */
  etaOutcomes(pool: string | null, from: number, to: number): Promise<EtaOutcome[]>;
  /** Folds a sample (the counts after a change) into its pool's minute. */
  recordQueueDepth(pool: string, at: number, waiting: number, running: number): Promise<void>;
  /** Minutes in [from, to), oldest first, optionally of one pool. */
  queueDepth(pool: string | null, from: number, to: number): Promise<QueueDepthRow[]>;
  /** Drops outcomes and depth minutes before the cutoff (retention). */
  purgeQueueIntelBefore(cutoff: number): Promise<void>;
}

const MINUTE = 60_000;

/** The slice over a Kysely database. */
export function createQueueIntelStore(db: Kysely<Database>): QueueIntelStore {
  return {
    async poolActiveJobs(pool) {
      const rows = await db
        .selectFrom("jobs")
        .select("data")
        .where("status", "in", ["queued", "waiting", "running"])
        .where("pool", "=", pool)
        .orderBy("created_at", "asc")
        .limit(5000)
        .execute();
      return rows.map((r) => JSON.parse(r.data) as Job);
    },
    async poolFinished(pool, since, limit) {
      const rows = await db
        .selectFrom("jobs")
        .select(["repo", "workflow", "name", "duration_ms", "queue_ms", "started_at"])
        .where("pool", "=", pool)
        .where("finished_at", ">=", since)
        .where("status", "in", [...DECIDED_STATUSES])
        .where("duration_ms", "is not", null)
        .where("started_at", "is not", null)
        .orderBy("finished_at", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        key: jobKey(r.repo, r.workflow, r.name),
        durationMs: Number(r.duration_ms),
        queueMs: r.queue_ms === null ? null : Number(r.queue_ms),
        startedAt: Number(r.started_at),
      }));
    },
    async recordEtaOutcome(o) {
      await db
        .insertInto("eta_outcomes")
        .values({
          job_id: o.jobId,
          pool: o.pool,
          given_at: o.givenAt,
          predicted_start: o.predictedStart,
          actual_start: o.actualStart,
        })
        .onConflict((oc) => oc.column("job_id").doNothing())
        .execute();
    },
    async etaOutcomes(pool, from, to) {
      let q = db
        .selectFrom("eta_outcomes")
        .selectAll()
        .where("actual_start", ">=", from)
        .where("actual_start", "<", to);
      if (pool !== null) q = q.where("pool", "=", pool);
      return (await q.orderBy("actual_start", "asc").execute()).map((r) => ({
        jobId: r.job_id,
        pool: r.pool,
        givenAt: Number(r.given_at),
        predictedStart: Number(r.predicted_start),
        actualStart: Number(r.actual_start),
      }));
    },
    async recordQueueDepth(pool, at, waiting, running) {
      const minute = Math.floor(at / MINUTE) * MINUTE;
      await db
        .insertInto("queue_depth")
        .values({
          pool,
          minute,
          waiting_max: waiting,
          running_max: running,
          waiting_last: waiting,
          running_last: running,
        })
        // CASE, not two-argument max(): PostgreSQL spells that greatest().
        .onConflict((oc) =>
          oc.columns(["pool", "minute"]).doUpdateSet({
            waiting_max: sql`CASE WHEN excluded.waiting_max > queue_depth.waiting_max THEN excluded.waiting_max ELSE queue_depth.waiting_max END`,
            running_max: sql`CASE WHEN excluded.running_max > queue_depth.running_max THEN excluded.running_max ELSE queue_depth.running_max END`,
            waiting_last: waiting,
            running_last: running,
          }),
        )
        .execute();
    },
    async queueDepth(pool, from, to) {
      let q = db.selectFrom("queue_depth").selectAll().where("minute", ">=", from).where("minute", "<", to);
      if (pool !== null) q = q.where("pool", "=", pool);
      return (await q.orderBy("minute", "asc").orderBy("pool", "asc").execute()).map((r) => ({
        pool: r.pool,
        minute: Number(r.minute),
        waitingMax: Number(r.waiting_max),
        runningMax: Number(r.running_max),
        waitingLast: Number(r.waiting_last),
        runningLast: Number(r.running_last),
      }));
    },
    async purgeQueueIntelBefore(cutoff) {
      await db.deleteFrom("eta_outcomes").where("actual_start", "<", cutoff).execute();
      await db.deleteFrom("queue_depth").where("minute", "<", cutoff).execute();
    },
  };
}
