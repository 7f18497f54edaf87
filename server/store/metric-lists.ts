/**
 * Metric reads that list jobs rather than aggregate them: active counts,
 * failures grouped by cause/workflow/step, finished jobs for the flaky and
 * regression rules, runs for MTTR, the queue, and runner activity.
 */
import { sql, type Kysely } from "kysely";
import { ACTIVE_STATUSES, type Job, type JobSource, type JobStatus } from "../../lib/job";
import type { FailedJob, FailureGroup, FAILURE_GROUPS } from "../../lib/metrics";
import type { PipelineRun } from "../../lib/run";
import { whereDimensions, parseLabels, type DimensionFilter } from "./metric-scan";
import type { Database } from "./schema";

const FAILED_STATUSES = ["failure", "timed_out", "cancelled"] as const satisfies JobStatus[];

/** Active jobs now: running, queued (queued + waiting), and how many of them are lost. */
export async function countActive(
  db: Kysely<Database>,
  filter: DimensionFilter,
): Promise<{ running: number; queued: number; lost: number }> {
  const rows = await whereDimensions(
    db
      .selectFrom("jobs")
      .select(["status", "lost", (eb) => eb.fn.countAll<number>().as("n")])
      .where("status", "in", ACTIVE_STATUSES),
    filter,
  )
    .groupBy(["status", "lost"])
    .execute();
  const counts = { running: 0, queued: 0, lost: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    if (row.status === "running") counts.running += n;
    else counts.queued += n;
    if (Number(row.lost) === 1) counts.lost += n;
  }
  return counts;
}

/** Failed jobs in the window (by finish time) and lost active jobs (by last event). */
function failedJobs(db: Kysely<Database>, filter: DimensionFilter, from: number, to: number) {
  return whereDimensions(
    db
      .selectFrom("jobs")
      .where((eb) =>
        eb.or([
          eb.and([
            eb("status", "in", FAILED_STATUSES),
            eb("finished_at", ">=", from),
            eb("finished_at", "<", to),
          ]),
          eb.and([eb("lost", "=", 1), eb("status", "in", ACTIVE_STATUSES)]),
        ]),
      ),
    filter,
  );
}

const GROUP_COLUMNS = {
  cause: sql<string>`coalesce(cause, 'unknown')`,
  workflow: sql<string>`repo || ' · ' || workflow`,
  step: sql<string>`coalesce(failure_step, '(no step)')`,
} as const;

/** Failures grouped, largest group first, each with its most recent jobs. */
export async function failureGroups(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
  groupBy: (typeof FAILURE_GROUPS)[number],
  sample: number,
): Promise<{ total: number; groups: FailureGroup[] }> {
  const key = GROUP_COLUMNS[groupBy];
  const at = sql<number>`coalesce(finished_at, updated_at)`;
  const rows = await failedJobs(db, filter, from, to)
    .select([key.as("key"), (eb) => eb.fn.countAll<number>().as("n"), sql<number>`max(${at})`.as("last")])
    .groupBy(key)
    .execute();
  const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
  const groups: FailureGroup[] = [];
  for (const row of rows.sort((a, b) => Number(b.n) - Number(a.n) || a.key.localeCompare(b.key))) {
    const jobs =
      sample === 0
        ? []
        : await failedJobs(db, filter, from, to)
            .select(["data", "cause", "updated_at"])
            .where(key, "=", row.key)
            .orderBy(at, "desc")
            .limit(sample)
            .execute();
    groups.push({
      key: row.key,
      count: Number(row.n),
      share: total === 0 ? 0 : Number(row.n) / total,
      lastAt: new Date(Number(row.last)).toISOString(),
      jobs: jobs.map((j) => failedJob(JSON.parse(j.data) as Job, j.cause, Number(j.updated_at))),
    });
  }
  return { total, groups };
}

function failedJob(job: Job, cause: string | null, updatedAt: number): FailedJob {
  return {
    id: job.id,
    source: job.source,
    repo: job.repo,
    branch: job.branch,
    workflow: job.workflow,
    name: job.name,
    status: job.status,
    cause: cause ?? job.failure?.cause ?? "unknown",
    step: job.failure?.step ?? null,
    reason: job.failure?.reason ?? null,
    runner: job.runner.name,
    url: job.url,
    at: job.finishedAt ?? new Date(updatedAt).toISOString(),
  };
}

/** A finished job's facts for the flaky, regression and MTTR rules. */
export interface FinishedFact {
  repo: string;
  workflow: string;
  name: string;
  sha: string | null;
  branch: string | null;
  attempt: number;
  status: JobStatus;
  finishedAt: number;
  durationMs: number | null;
}

/** Jobs that finished in [from, to) as success, failure or timed_out. */
export async function finishedFacts(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<FinishedFact[]> {
  const rows = await whereDimensions(
    db
      .selectFrom("jobs")
      .select([
        "repo",
        "workflow",
        "name",
        "sha",
        "branch",
        "attempt",
        "status",
        "finished_at",
        "duration_ms",
      ])
      .where("finished_at", ">=", from)
      .where("finished_at", "<", to)
      .where("status", "in", ["success", "failure", "timed_out"]),
    filter,
  ).execute();
  return rows.map((r) => ({
    repo: r.repo,
    workflow: r.workflow,
    name: r.name,
    sha: r.sha,
    branch: r.branch,
    attempt: Number(r.attempt ?? 1),
    status: r.status as JobStatus,
    finishedAt: Number(r.finished_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  }));
}

/** Runs on these branches created in [from, to) (MTTR is measured on runs). */
export async function runsOnBranches(
  db: Kysely<Database>,
  filter: DimensionFilter,
  branches: readonly string[],
  from: number,
  to: number,
): Promise<PipelineRun[]> {
  let q = db
    .selectFrom("runs")
    .select("data")
    .where("branch", "in", branches)
    .where("created_at", ">=", from)
    .where("created_at", "<", to);
  if (filter.repo) q = q.where("repo", "=", filter.repo);
  if (filter.workflow) q = q.where("workflow", "=", filter.workflow);
  if (filter.source) q = q.where("source", "=", filter.source);
  return (await q.execute()).map((r) => JSON.parse(r.data) as PipelineRun);
}

/** Jobs waiting for a runner now, oldest first. */
export async function waitingJobs(db: Kysely<Database>, filter: DimensionFilter): Promise<Job[]> {
  const rows = await whereDimensions(
    db.selectFrom("jobs").select("data").where("status", "in", ["queued", "waiting"]),
    filter,
  )
    .orderBy("created_at", "asc")
    .limit(5000)
    .execute();
  return rows.map((r) => JSON.parse(r.data) as Job);
}

/** A job's time on a runner. */
export interface RunnerActivity {
  source: JobSource;
  /** Null when the vendor never named the runner. */
  runner: string | null;
  pool: string | null;
  labels: string[];
  startedAt: number;
  finishedAt: number | null;
  queueMs: number | null;
}

/** Jobs that were running at any time in [from, to). */
export async function runnerActivity(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<RunnerActivity[]> {
  const rows = await whereDimensions(
    db
      .selectFrom("jobs")
      .select(["source", "runner_name", "pool", "labels", "started_at", "finished_at", "queue_ms"])
      .where("started_at", "<", to)
      .where((eb) =>
        eb.or([
          eb("finished_at", ">=", from),
          eb.and([eb("finished_at", "is", null), eb("status", "=", "running")]),
        ]),
      ),
    filter,
  ).execute();
  return rows.map((r) => ({
    source: r.source as JobSource,
    runner: r.runner_name,
    pool: r.pool,
    labels: parseLabels(r.labels),
    startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    queueMs: r.queue_ms === null ? null : Number(r.queue_ms),
  }));
}
