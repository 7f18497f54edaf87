/**
 * Metric reads that list jobs rather than aggregate them: active counts,
 * finished jobs for the flaky rule, workflow statistics, runs for MTTR, the
 * queue, and runner activity. Failures are in `metric-failures.ts`.
 */
import { sql, type Kysely } from "kysely";
import { ACTIVE_STATUSES, type Job, type JobSource, type JobStatus } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import { matchesDimensions, parseLabels, whereDimensions, type DimensionFilter } from "./metric-scan";
import type { Database } from "./schema";

/** Active jobs now: running, queued (queued + waiting), and how many of them are lost. */
export async function countActive(
  db: Kysely<Database>,
  filter: DimensionFilter,
): Promise<{ running: number; queued: number; lost: number }> {
  // Read through the status index and filter here: active jobs are few, while a filter in
  // SQL lets the planner prefer, say, the repo index and walk all of a busy repo's history.
  const rows = await db
    .selectFrom("jobs")
    .select(["status", "lost", "source", "repo", "branch", "workflow", "name", "labels"])
    .where("status", "in", ACTIVE_STATUSES)
    .execute();
  const counts = { running: 0, queued: 0, lost: 0 };
  for (const row of rows) {
    if (!matchesDimensions(row, filter)) continue;
    if (row.status === "running") counts.running += 1;
    else counts.queued += 1;
    if (Number(row.lost) === 1) counts.lost += 1;
  }
  return counts;
}

/** A finished job's facts for the flaky rule. */
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

/**
 * Jobs that finished in [from, to) as success, failure or timed_out, on a
 * commit where the same job both failed and passed in the window — the only
 * ones the flaky rule can name. The database picks those commits (GROUP BY …
 * HAVING), so a week of mostly green jobs never leaves SQLite.
 */
export async function finishedFacts(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<FinishedFact[]> {
  const inRange = whereDimensions(
    db
      .selectFrom("jobs")
      .where("finished_at", ">=", from)
      .where("finished_at", "<", to)
      .where(counted, "=", 1),
    filter,
  );
  const rows = await db
    .with("mixed", () =>
      inRange
        .select(["repo", "workflow", "name", "sha"])
        .where("sha", "is not", null)
        .groupBy(["repo", "workflow", "name", "sha"])
        .having(sql<number>`sum(CASE WHEN status = 'success' THEN 1 ELSE 0 END)`, ">", 0)
        .having(sql<number>`sum(CASE WHEN status = 'success' THEN 0 ELSE 1 END)`, ">", 0),
    )
    .selectFrom("jobs")
    .innerJoin("mixed", (join) =>
      join
        .onRef("mixed.repo", "=", "jobs.repo")
        .onRef("mixed.workflow", "=", "jobs.workflow")
        .onRef("mixed.name", "=", "jobs.name")
        .onRef("mixed.sha", "=", "jobs.sha"),
    )
    .select([
      "jobs.repo",
      "jobs.workflow",
      "jobs.name",
      "jobs.sha",
      "jobs.branch",
      "jobs.attempt",
      "jobs.status",
      "jobs.finished_at",
      "jobs.duration_ms",
    ])
    .where("jobs.finished_at", ">=", from)
    .where("jobs.finished_at", "<", to)
    .execute();
  // Status is tested here, not in SQL, so the time range's index is the one used (see failureRows).
  const timed = new Set<string>(["success", "failure", "timed_out"]);
  return rows
    .filter((r) => timed.has(r.status))
    .map((r) => ({
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
  const columns = [
    "source",
    "runner_name",
    "pool",
    "labels",
    "started_at",
    "finished_at",
    "queue_ms",
  ] as const;
  // Two reads, each through its own index (finished in or after the window; running now),
  // instead of one OR that the planner can only answer by walking every job started before `to`.
  const [finished, running] = await Promise.all([
    whereDimensions(db.selectFrom("jobs").select(columns).where("finished_at", ">=", from), filter).execute(),
    whereDimensions(
      db.selectFrom("jobs").select(columns).where("status", "=", "running").where("finished_at", "is", null),
      filter,
    ).execute(),
  ]);
  const rows = [...finished, ...running].filter((r) => r.started_at !== null && r.started_at < to);
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

/** Per workflow: counts and exact nearest-rank p50/p95 of durations (ms) of its timed jobs. */
export interface WorkflowStats {
  repo: string;
  workflow: string;
  success: number;
  failure: number;
  timed_out: number;
  /** Jobs with a duration (the percentiles' population). */
  timed: number;
  p50: number | null;
  p95: number | null;
}

// Jobs that count (success, failure, timed_out), as an expression no index can serve: the
// planner then reads the finish-time range, never the low-selectivity status index.
const counted = sql<number>`CASE WHEN status IN ('success', 'failure', 'timed_out') THEN 1 ELSE 0 END`;

/**
 * Workflow health over [from, to), computed in the database: counts by a
 * GROUP BY, and exact percentiles by ranking each workflow's durations with a
 * window function and keeping the rows at ranks ⌈0.5·n⌉ and ⌈0.95·n⌉ — so a
 * 28-day baseline costs one sort in SQLite, not 300,000 rows through JavaScript.
 */
export async function workflowStats(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<Map<string, WorkflowStats>> {
  const inRange = whereDimensions(
    db
      .selectFrom("jobs")
      .where("finished_at", ">=", from)
      .where("finished_at", "<", to)
      .where(counted, "=", 1),
    filter,
  );
  const [counts, ranked] = await Promise.all([
    inRange
      .select([
        "repo",
        "workflow",
        sql<number>`sum(CASE WHEN status = 'success' THEN 1 ELSE 0 END)`.as("success"),
        sql<number>`sum(CASE WHEN status = 'failure' THEN 1 ELSE 0 END)`.as("failure"),
        sql<number>`sum(CASE WHEN status = 'timed_out' THEN 1 ELSE 0 END)`.as("timed_out"),
      ])
      .groupBy(["repo", "workflow"])
      .execute(),
    db
      .with("ranked", () =>
        inRange
          .where("duration_ms", "is not", null)
          .select([
            "repo",
            "workflow",
            "duration_ms",
            sql<number>`row_number() OVER (PARTITION BY repo, workflow ORDER BY duration_ms)`.as("rn"),
            sql<number>`count(*) OVER (PARTITION BY repo, workflow)`.as("n"),
          ]),
      )
      .selectFrom("ranked")
      .select(["repo", "workflow", "duration_ms", "rn", "n"])
      .where((eb) =>
        eb.or([
          eb("rn", "=", sql<number>`(n * 50 + 99) / 100`),
          eb("rn", "=", sql<number>`(n * 95 + 99) / 100`),
        ]),
      )
      .execute(),
  ]);
  const stats = new Map<string, WorkflowStats>();
  for (const row of counts) {
    stats.set(JSON.stringify([row.repo, row.workflow]), {
      repo: row.repo,
      workflow: row.workflow,
      success: Number(row.success),
      failure: Number(row.failure),
      timed_out: Number(row.timed_out),
      timed: 0,
      p50: null,
      p95: null,
    });
  }
  for (const row of ranked) {
    const entry = stats.get(JSON.stringify([row.repo, row.workflow]));
    if (!entry) continue;
    const n = Number(row.n);
    const rank = Number(row.rn);
    entry.timed = n;
    // Integer ceil(p·n) as SQL computed it; one row may be both ranks (small n).
    if (rank === Math.floor((n * 50 + 99) / 100)) entry.p50 = Number(row.duration_ms);
    if (rank === Math.floor((n * 95 + 99) / 100)) entry.p95 = Number(row.duration_ms);
  }
  return stats;
}
