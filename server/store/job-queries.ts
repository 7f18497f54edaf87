/**
 * Job reads and writes as Kysely queries, free of any one dialect so the
 * PostgreSQL store can share them.
 */
import { sql, type Kysely } from "kysely";
import type { JobListResponse, JobQuery } from "../../lib/api";
import { ACTIVE_STATUSES, type Job } from "../../lib/job";
import { runIdOf } from "../../lib/run";
import { poolOf } from "../../lib/runner";
import { causeOf } from "../domain/failure";
import { markDirty } from "./metric-rollups";
import { hasLabel } from "./metric-scan";
import { recordJobValues, recordJobValuesBulk } from "./job-values";
import { recordNewRunJobs, recordRunJob } from "./run-aggregates";
import { decodeCursor, encodeCursor } from "./cursor";
import { reusable } from "./compiled";
import { isPostgres } from "./dialect";
import type { Database, JobsTable } from "./schema";
import type { Change } from "./records";
import type { TeamScope } from "../../lib/teams";
import { scopeCondition } from "./team-scope";

const SORT_COLUMNS = { created: "created_at", finished: "finished_at", updated: "updated_at" } as const;

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** Escapes LIKE wildcards so user text matches literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Reads one job; null too when it lies outside `scope` (a scoped caller cannot tell it exists). */
export async function selectJob(
  db: Kysely<Database>,
  id: string,
  scope: TeamScope = null,
): Promise<Job | null> {
  const condition = scopeCondition(scope);
  if (condition === null) return (await selectJobWithGeneration(db, id))?.job ?? null;
  const row = await db
    .selectFrom("jobs")
    .select("data")
    .where("id", "=", id)
    .where(condition)
    .executeTakeFirst();
  return row ? (JSON.parse(row.data) as Job) : null;
}

const selectJobRow = reusable((db, id: string) =>
  db.selectFrom("jobs").select(["data", "replay_gen"]).where("id", "=", id),
);

/** Reads one job and the replay that last rebuilt it. */
export async function selectJobWithGeneration(
  db: Kysely<Database>,
  id: string,
): Promise<{ job: Job; generation: string | null } | null> {
  const row = (await selectJobRow(db, id)).rows[0];
  return row ? { job: JSON.parse(row.data) as Job, generation: row.replay_gen } : null;
}

/**
 * Inserts or replaces a job. `previous` is the stored version (null for a new
 * job): label rows are rewritten only when the labels changed, and a job
 * without queue or start time keeps the sort position of when it was first seen.
 * `generation` marks the row as rebuilt by that replay (undefined: left as is).
 */
export async function upsertJob(
  db: Kysely<Database>,
  job: Job,
  previous: Job | null,
  now: number,
  generation?: string,
): Promise<void> {
  const vendorCreated = ms(job.queuedAt) ?? ms(job.startedAt);
  const row = jobRow(job, vendorCreated ?? now, now);
  if (generation === undefined) await UPSERT_JOB[vendorCreated === null ? "keepCreated" : "all"](db, row);
  else await UPSERT_REPLAYED_JOB[vendorCreated === null ? "keepCreated" : "all"](db, row, generation);
  await recordRunJob(db, job);
  await recordJobValues(db, job, previous, vendorCreated ?? now);
  // Stale roll-ups: the hours the job left and the hours it is in now.
  await markDirty(db, [
    ms(job.startedAt),
    ms(job.finishedAt),
    ...(previous ? [ms(previous.startedAt), ms(previous.finishedAt)] : []),
  ]);
  const labels = [...new Set(job.runner.labels)];
  if (previous && sameLabels(previous.runner.labels, labels)) return;
  await deleteLabels(db, job.id);
  for (const label of labels) await insertLabel(db, job.id, label);
}

type JobRow = ReturnType<typeof jobRow>;

// Every column but the key, and `created_at` only when the vendor gave a time (else first seen stays).
const jobUpsert = (db: Kysely<Database>, row: JobRow, set: Partial<JobsTable>, keepCreated: boolean) => {
  const { id: _id, created_at, ...changes } = set as JobsTable;
  return db
    .insertInto("jobs")
    .values({ ...row, ...set })
    .onConflict((oc) => oc.column("id").doUpdateSet(keepCreated ? changes : { ...changes, created_at }));
};
const UPSERT_JOB = {
  all: reusable((db, row: JobRow) => jobUpsert(db, row, row, false)),
  keepCreated: reusable((db, row: JobRow) => jobUpsert(db, row, row, true)),
};
// Replay also stamps the generation that rebuilt the row.
const UPSERT_REPLAYED_JOB = {
  all: reusable((db, row: JobRow, generation: string) =>
    jobUpsert(db, row, { ...row, replay_gen: generation }, false),
  ),
  keepCreated: reusable((db, row: JobRow, generation: string) =>
    jobUpsert(db, row, { ...row, replay_gen: generation }, true),
  ),
};
const deleteLabels = reusable((db, jobId: string) => db.deleteFrom("job_labels").where("job_id", "=", jobId));
const insertLabel = reusable((db, jobId: string, label: string) =>
  db.insertInto("job_labels").values({ job_id: jobId, label }),
);

/** A job as a `jobs` row (`created_at` and `updated_at` are the caller's to decide). */
function jobRow(job: Job, createdAt: number, updatedAt: number) {
  return {
    id: job.id,
    source: job.source,
    repo: job.repo,
    workflow: job.workflow,
    name: job.name,
    branch: job.branch,
    status: job.status,
    runner_name: job.runner.name,
    created_at: createdAt,
    started_at: ms(job.startedAt),
    finished_at: ms(job.finishedAt),
    updated_at: updatedAt,
    run_id: runIdOf(job),
    lost: job.lost ? 1 : 0,
    author: job.author ?? null,
    ...metricColumns(job),
    data: JSON.stringify(job),
  };
}

/** The narrow copies metrics read (migration 0004). */
export function metricColumns(job: Job) {
  return {
    sha: job.sha,
    attempt: job.attempt,
    queue_ms: job.queueMs,
    duration_ms: job.durationMs,
    labels: JSON.stringify(job.runner.labels),
    pool: poolOf(job.runner.labels, job.runner.group),
    cause: causeOf(job),
    failure_step: job.failure?.step ?? null,
  };
}

const sameLabels = (stored: string[], next: string[]) => {
  const set = new Set(stored);
  return set.size === next.length && next.every((label) => set.has(label));
};

/** One page of the job list. @throws QueryError for a bad cursor. */
export async function selectJobs(
  db: Kysely<Database>,
  query: JobQuery,
  scope: TeamScope = null,
): Promise<JobListResponse> {
  const column = SORT_COLUMNS[query.sort];
  let q = db.selectFrom("jobs").select(["id", "data", column]);
  const inScope = scopeCondition(scope);
  if (inScope) q = q.where(inScope);
  if (query.sort === "finished") q = q.where("finished_at", "is not", null);
  if (query.status?.length) {
    // Newest finished jobs with success among the statuses (the Live page's "recently finished"):
    // walking `jobs_finished` newest first finds a page at once, since most finished jobs pass. Given
    // a usable status index the planner would rather collect every finished job and sort them all
    // (hundreds of ms at a million jobs), so `+status` keeps the status index out of the plan.
    // (SQLite's idiom: PostgreSQL has no unary plus on text, and its planner costs this itself.)
    const byFinishTime = query.sort === "finished" && query.status.includes("success") && !isPostgres(db);
    q = byFinishTime
      ? q.where(sql<string>`+${sql.ref("status")}`, "in", query.status)
      : q.where("status", "in", query.status);
  }
  if (query.repo) q = q.where("repo", "=", query.repo);
  if (query.branch) q = q.where("branch", "=", query.branch);
  if (query.workflow) q = q.where("workflow", "=", query.workflow);
  if (query.name) q = q.where("name", "=", query.name);
  if (query.pool) q = q.where("pool", "=", query.pool);
  if (query.runner) q = q.where("runner_name", "=", query.runner);
  if (query.source) q = q.where("source", "=", query.source);
  if (query.author) q = q.where("author", "=", query.author);
  if (query.since) q = q.where("created_at", ">=", Date.parse(query.since));
  if (query.until) q = q.where("created_at", "<", Date.parse(query.until));
  if (query.label) q = q.where(hasLabel(query.label));
  if (query.q) {
    const pattern = likePattern(query.q);
    q = q.where((eb) =>
      eb.or(
        (["id", "repo", "workflow", "name", "branch", "runner_name"] as const).map(
          (c) =>
            // Explicit ESCAPE: SQLite has no default escape character for LIKE.
            sql<boolean>`${sql.ref(c)} LIKE ${pattern} ESCAPE '\\'`,
        ),
      ),
    );
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([eb(column, "<", after.key), eb.and([eb(column, "=", after.key), eb("id", "<", after.id)])]),
    );
  }
  const rows = await q
    .orderBy(column, "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const lastKey = last ? (last as Record<string, unknown>)[column] : null;
  return {
    items: page.map((r) => JSON.parse(r.data) as Job),
    nextCursor:
      rows.length > query.limit && last && typeof lastKey === "number"
        ? encodeCursor({ key: lastKey, id: last.id })
        : null,
  };
}

/**
 * Flags active jobs with no delivery since `cutoffMs` as lost (their
 * `updated_at` is when the last delivery about them arrived). At most `limit`
 * per call, oldest silence first; resolves with the jobs changed.
 */
export async function flagLostJobs(
  db: Kysely<Database>,
  cutoffMs: number,
  _now: number,
  limit: number,
): Promise<Change<Job>[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("jobs")
      .select(["id", "data"])
      .where("status", "in", ACTIVE_STATUSES)
      .where("updated_at", "<", cutoffMs)
      .where("lost", "=", 0)
      .orderBy("updated_at", "asc")
      .limit(limit)
      .execute();
    const changes: Change<Job>[] = [];
    for (const row of rows) {
      const previous = JSON.parse(row.data) as Job;
      const current: Job = { ...previous, lost: true };
      // updated_at stays: it records the last delivery, not this flag.
      await trx
        .updateTable("jobs")
        .set({ lost: 1, cause: causeOf(current), data: JSON.stringify(current) })
        .where("id", "=", row.id)
        .execute();
      changes.push({ current, previous });
    }
    return changes;
  });
}

/**
 * Bulk-writes final job states (benchmarks, imports): new rows only — an id
 * already stored is left as is — with their labels and run aggregates, marking
 * their hours stale.
 */
export async function insertJobs(db: Kysely<Database>, jobs: readonly Job[], now: number): Promise<void> {
  // About 25 parameters a row: 400 rows stay under SQLite's bound-parameter limit.
  for (let i = 0; i < jobs.length; i += 400) {
    const batch = jobs.slice(i, i + 400);
    await db
      .insertInto("jobs")
      .values(
        batch.map((job) =>
          jobRow(
            job,
            ms(job.queuedAt) ?? ms(job.startedAt) ?? now,
            ms(job.finishedAt) ?? ms(job.startedAt) ?? ms(job.queuedAt) ?? now,
          ),
        ),
      )
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const labels = batch.flatMap((job) =>
      [...new Set(job.runner.labels)].map((label) => ({ job_id: job.id, label })),
    );
    for (let j = 0; j < labels.length; j += 5000)
      await db
        .insertInto("job_labels")
        .values(labels.slice(j, j + 5000))
        .onConflict((oc) => oc.columns(["job_id", "label"]).doNothing())
        .execute();
    await recordNewRunJobs(db, batch);
    await recordJobValuesBulk(db, batch, (job) => ms(job.queuedAt) ?? ms(job.startedAt) ?? now);
    await markDirty(
      db,
      batch.flatMap((job) => [ms(job.startedAt), ms(job.finishedAt)]),
    );
  }
}
