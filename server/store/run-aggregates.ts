/**
 * Per-run aggregates of jobs (migration 0006): what a run nobody reported is
 * derived from, kept up to date from the one job that changed, in the job's
 * own transaction. Each job has a narrow `run_jobs` row (its run, name,
 * attempt, status and times, and whether its attempt is the latest of its
 * name); `run_job_counts` counts latest-attempt jobs per run and status. The
 * run's earliest and latest times are index seeks over the latest rows.
 *
 * The cost of one job event is a handful of index lookups, independent of
 * the size of its run, plus — when a job's attempt becomes or stops being the
 * latest — one row per other job sharing its name and attempt (usually none).
 * The aggregates always equal `summariseRunJobs` over the stored jobs of the
 * run, whatever wrote them (ingest, replay, import, retention).
 */
import { sql, type Kysely } from "kysely";
import { JOB_STATUSES, type Job, type JobStatus } from "../../lib/job";
import { runIdOf } from "../../lib/run";
import type { RunJobSummary } from "../domain/run-merge";
import { reusable } from "./compiled";
import type { Database, RunJobsTable } from "./schema";

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** A job's `run_jobs` row, without the `latest` flag (which depends on the other jobs). */
type Fact = Omit<RunJobsTable, "latest">;

/** What of a job deriving its run reads. */
export function runJobFact(job: Job): Fact {
  return {
    job_id: job.id,
    run_id: runIdOf(job),
    name: job.name,
    attempt: job.attempt,
    status: job.status,
    queued_ms: ms(job.queuedAt),
    queued_at: job.queuedAt,
    started_ms: ms(job.startedAt),
    started_at: job.startedAt,
    finished_ms: ms(job.finishedAt),
    finished_at: job.finishedAt,
  };
}

const selectFact = reusable((db, jobId: string) =>
  db.selectFrom("run_jobs").selectAll().where("job_id", "=", jobId),
);
const insertFact = reusable((db, f: Fact, latest: number) =>
  db.insertInto("run_jobs").values({ ...f, latest }),
);
const updateFact = reusable((db, f: Fact) =>
  db
    .updateTable("run_jobs")
    .set({
      status: f.status,
      queued_ms: f.queued_ms,
      queued_at: f.queued_at,
      started_ms: f.started_ms,
      started_at: f.started_at,
      finished_ms: f.finished_ms,
      finished_at: f.finished_at,
    })
    .where("job_id", "=", f.job_id),
);
const deleteFact = reusable((db, jobId: string) => db.deleteFrom("run_jobs").where("job_id", "=", jobId));
const maxAttemptOfName = reusable((db, runId: string, name: string) =>
  db
    .selectFrom("run_jobs")
    .select((eb) => eb.fn.max("attempt").as("attempt"))
    .where("run_id", "=", runId)
    .where("name", "=", name),
);
const jobsAtAttempt = reusable((db, runId: string, name: string, attempt: number) =>
  db
    .selectFrom("run_jobs")
    .select(["job_id", "status", "latest"])
    .where("run_id", "=", runId)
    .where("name", "=", name)
    .where("attempt", "=", attempt),
);
const setLatest = reusable((db, latest: number, runId: string, name: string, attempt: number) =>
  db
    .updateTable("run_jobs")
    .set({ latest })
    .where("run_id", "=", runId)
    .where("name", "=", name)
    .where("attempt", "=", attempt),
);
const addCount = reusable((db, runId: string, status: string, delta: number) =>
  db
    .insertInto("run_job_counts")
    .values({ run_id: runId, status, n: delta })
    .onConflict((oc) =>
      oc.columns(["run_id", "status"]).doUpdateSet({ n: sql<number>`run_job_counts.n + excluded.n` }),
    ),
);
const selectCounts = reusable((db, runId: string) =>
  db.selectFrom("run_job_counts").select(["status", "n"]).where("run_id", "=", runId).where("n", "!=", 0),
);
// The run's highest attempt, and the extreme time among latest rows, in ONE statement (a round trip
// each would be four on PostgreSQL). `latest = 1` and `IS NOT NULL` are literal so the partial
// indexes apply to each subquery.
const selectAttemptAndTimes = reusable((db, runId: string) => {
  const extreme = (time: "queued" | "started" | "finished", direction: "asc" | "desc") =>
    db
      .selectFrom("run_jobs")
      .select(`${time}_at`)
      .where("run_id", "=", runId)
      .where("latest", "=", sql.lit(1))
      .where(`${time}_ms`, "is not", null)
      .orderBy(`${time}_ms`, direction)
      .orderBy(`${time}_at`, direction)
      .limit(sql.lit(1));
  return db.selectNoFrom((eb) => [
    eb
      .selectFrom("run_jobs")
      .select((max) => max.fn.max("attempt").as("attempt"))
      .where("run_id", "=", runId)
      .as("attempt"),
    extreme("queued", "asc").as("queued_at"),
    extreme("started", "asc").as("started_at"),
    extreme("finished", "desc").as("finished_at"),
  ]);
});

const sameSlot = (a: Fact, b: Fact) => a.run_id === b.run_id && a.name === b.name && a.attempt === b.attempt;
const sameFact = (a: Fact, b: Fact) =>
  sameSlot(a, b) &&
  a.status === b.status &&
  a.queued_at === b.queued_at &&
  a.started_at === b.started_at &&
  a.finished_at === b.finished_at;

/**
 * Brings the aggregates up to date with `job` as now stored (inserted or
 * replaced; it may have changed attempt, status, times or even run). Call in
 * the transaction that writes the job.
 */
export async function recordRunJob(db: Kysely<Database>, job: Job): Promise<void> {
  const next = runJobFact(job);
  const stored = (await selectFact(db, next.job_id)).rows[0];
  if (stored && sameFact(stored, next)) return;
  if (stored && sameSlot(stored, next)) {
    // Same run, name and attempt: only its status and times change, its `latest` flag stays.
    if (stored.latest && stored.status !== next.status) {
      await addCount(db, stored.run_id, stored.status, -1);
      await addCount(db, next.run_id, next.status, 1);
    }
    await updateFact(db, next);
    return;
  }
  if (stored) await removeFact(db, stored);
  await addFact(db, next);
}

/** Adds jobs just inserted (an id already in the aggregates was already stored, and is left as is). */
export async function recordNewRunJobs(db: Kysely<Database>, jobs: readonly Job[]): Promise<void> {
  for (const job of jobs) {
    const fact = runJobFact(job);
    if ((await selectFact(db, fact.job_id)).rows.length === 0) await addFact(db, fact);
  }
}

/** Takes jobs out of the aggregates (they are being deleted). */
export async function forgetRunJobs(db: Kysely<Database>, jobIds: readonly string[]): Promise<void> {
  for (const id of jobIds) {
    const stored = (await selectFact(db, id)).rows[0];
    if (stored) await removeFact(db, stored);
  }
}

/** Adds a job with no `run_jobs` row: its attempt is latest unless a job of its name has a later one. */
async function addFact(db: Kysely<Database>, fact: Fact): Promise<void> {
  const max = (await maxAttemptOfName(db, fact.run_id, fact.name)).rows[0]?.attempt ?? null;
  if (max !== null && fact.attempt > max) await flagAttempt(db, fact.run_id, fact.name, max, 0);
  const latest = max === null || fact.attempt >= max ? 1 : 0;
  await insertFact(db, fact, latest);
  if (latest) await addCount(db, fact.run_id, fact.status, 1);
}

/** Removes a job's row; when it held its name's latest attempt alone, the next attempt down becomes the latest. */
async function removeFact(db: Kysely<Database>, stored: RunJobsTable): Promise<void> {
  await deleteFact(db, stored.job_id);
  if (!stored.latest) return;
  await addCount(db, stored.run_id, stored.status, -1);
  const max = (await maxAttemptOfName(db, stored.run_id, stored.name)).rows[0]?.attempt ?? null;
  if (max !== null && max < stored.attempt) await flagAttempt(db, stored.run_id, stored.name, max, 1);
}

/** Marks every job of a name at an attempt latest (1) or not (0), moving their counts. */
async function flagAttempt(
  db: Kysely<Database>,
  runId: string,
  name: string,
  attempt: number,
  latest: 0 | 1,
): Promise<void> {
  const rows = (await jobsAtAttempt(db, runId, name, attempt)).rows;
  for (const row of rows) {
    if (row.latest !== latest) await addCount(db, runId, row.status, latest ? 1 : -1);
  }
  await setLatest(db, latest, runId, name, attempt);
}

const STATUSES: ReadonlySet<string> = new Set(JOB_STATUSES);

/** The run's aggregates as the domain reads them (see `RunJobSummary`). */
export async function selectRunJobSummary(db: Kysely<Database>, runId: string): Promise<RunJobSummary> {
  const counts: Partial<Record<JobStatus, number>> = {};
  for (const { status, n } of (await selectCounts(db, runId)).rows) {
    if (STATUSES.has(status)) counts[status as JobStatus] = Number(n);
  }
  const row = (await selectAttemptAndTimes(db, runId)).rows[0];
  return {
    counts,
    maxAttempt: Number(row?.attempt ?? 0),
    queuedAt: row?.queued_at ?? null,
    startedAt: row?.started_at ?? null,
    finishedAt: row?.finished_at ?? null,
  };
}
