/**
 * Metric reads that list jobs rather than aggregate them: active counts,
 * runs for MTTR, the queue, and runner activity. Failures are in
 * `metric-failures.ts`, the flaky rule's candidates in `metric-flaky.ts`.
 */
import type { Kysely } from "kysely";
import { ACTIVE_STATUSES, type Job, type JobSource } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import { runScopeCondition } from "./team-scope";
import { matchesDimensions, parseLabels, whereDimensions, type DimensionFilter } from "./metric-scan";
import type { Database } from "./schema";

/**
 * Active jobs now: running, queued (queued + waiting), and how many are lost.
 * A job an admin marked lost (`lostMarkedAt`) counts as lost only: it has left
 * the queue figures, though the vendor never finished it.
 */
export async function countActive(
  db: Kysely<Database>,
  filter: DimensionFilter,
): Promise<{ running: number; queued: number; lost: number }> {
  // Read through the status index and filter here: active jobs are few, while a filter in
  // SQL lets the planner prefer, say, the repo index and walk all of a busy repo's history.
  const rows = await db
    .selectFrom("jobs")
    .select(["id", "status", "lost", "source", "repo", "branch", "workflow", "name", "labels", "pool"])
    .where("status", "in", ACTIVE_STATUSES)
    .execute();
  const marked = await markedLost(
    db,
    rows.filter((r) => Number(r.lost) === 1).map((r) => r.id),
  );
  const counts = { running: 0, queued: 0, lost: 0 };
  for (const row of rows) {
    if (!matchesDimensions(row, filter)) continue;
    if (Number(row.lost) === 1) counts.lost += 1;
    if (marked.has(row.id)) continue;
    if (row.status === "running") counts.running += 1;
    else counts.queued += 1;
  }
  return counts;
}

/**
 * Which of these lost jobs an admin marked lost. The mark lives only in the
 * job's document, so only the lost ones (a handful) are read whole.
 */
async function markedLost(db: Kysely<Database>, lostIds: readonly string[]): Promise<Set<string>> {
  const marked = new Set<string>();
  // Chunked: a statement's bound parameters are limited (SQLite: 32,766).
  for (let i = 0; i < lostIds.length; i += 500) {
    const rows = await db
      .selectFrom("jobs")
      .select(["id", "data"])
      .where("id", "in", lostIds.slice(i, i + 500))
      .execute();
    for (const row of rows) if ((JSON.parse(row.data) as Job).lostMarkedAt) marked.add(row.id);
  }
  return marked;
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
  const inScope = runScopeCondition(filter.scope ?? null);
  if (inScope) q = q.where(inScope);
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
