/**
 * Metric reads that list jobs rather than aggregate them: active counts,
 * finished jobs for the flaky rule, workflow statistics, runs for MTTR, the
 * queue, and runner activity. Failures are in `metric-failures.ts`.
 */
import type { Kysely } from "kysely";
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
 * commit where the same job both failed and passed in the window (among the
 * jobs matching the filter) — the only ones the flaky rule can name. Failures
 * are few: the commits they failed on are read by status and finish time, then
 * every run of those jobs on those commits by commit, both through covering
 * indexes (`jobs_failed`, `jobs_commit`), so a week of green jobs is never read.
 */
export async function finishedFacts(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<FinishedFact[]> {
  const failed = whereDimensions(
    db
      .selectFrom("jobs")
      .select(["repo", "workflow", "name", "sha"])
      .distinct()
      .where("status", "in", ["failure", "timed_out"])
      .where("finished_at", ">=", from)
      .where("finished_at", "<", to)
      .where("sha", "is not", null),
    filter,
  );
  // Source and labels are not in the commit index: read them only when the filter needs them.
  const wide = filter.source !== undefined || filter.label !== undefined;
  const rows = await db
    .with("failed", () => failed)
    .selectFrom("failed")
    .innerJoin("jobs", (join) =>
      join
        .onRef("jobs.sha", "=", "failed.sha")
        .onRef("jobs.name", "=", "failed.name")
        .onRef("jobs.workflow", "=", "failed.workflow")
        .onRef("jobs.repo", "=", "failed.repo"),
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
    .$if(wide, (q) => q.select(["jobs.source", "jobs.labels"]))
    .where("jobs.finished_at", ">=", from)
    .where("jobs.finished_at", "<", to)
    .execute();
  // Status is tested here, not in SQL, so the commit index is the one used.
  const timed = new Set<string>(["success", "failure", "timed_out"]);
  const facts = rows.filter((r) => timed.has(r.status));
  // Mixed commits, judged on the jobs the filter keeps (a commit's other runs still count).
  const passed = new Set<string>();
  const failedOn = new Set<string>();
  const keyOf = (r: (typeof facts)[number]) => JSON.stringify([r.repo, r.workflow, r.name, r.sha]);
  for (const r of facts) {
    // Without `wide`, the filter names no source or label, so the stand-ins are never compared.
    const matches = matchesDimensions({ ...r, source: r.source ?? "", labels: r.labels ?? null }, filter);
    if (matches) (r.status === "success" ? passed : failedOn).add(keyOf(r));
  }
  return facts
    .filter((r) => passed.has(keyOf(r)) && failedOn.has(keyOf(r)))
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
