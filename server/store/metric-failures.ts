/**
 * Failures for Triage and Insights: failed and timed-out jobs that finished in
 * a window, plus lost active jobs, grouped by cause, workflow, failing step or
 * category (infrastructure or code),
 * each group with its most recent jobs. Cancellations are not failures (a
 * person or a newer push stopped them): they are listed only when asked for
 * (`outcome` `cancelled`), and then alone.
 */
import type { Kysely } from "kysely";
import { CAUSE_CATEGORIES, isFailureCause } from "../../lib/failure-causes";
import { ACTIVE_STATUSES, type Job, type JobStatus } from "../../lib/job";
import type { FailedJob, FailureGroup, FailureOutcome, FAILURE_GROUPS } from "../../lib/metrics";
import { whereDimensions, type DimensionFilter } from "./metric-scan";
import type { Database } from "./schema";

const STATUSES_OF: Record<FailureOutcome, JobStatus[]> = {
  failed: ["failure", "timed_out"],
  cancelled: ["cancelled"],
};

/** A failure's grouping facts, read without parsing `data`. */
interface FailureRow {
  id: string;
  key: string;
  at: number;
}

const GROUP_KEYS = {
  cause: (r: { cause: string | null }) => r.cause ?? "unknown",
  workflow: (r: { repo: string; workflow: string }) => `${r.repo} · ${r.workflow}`,
  step: (r: { failure_step: string | null }) => r.failure_step ?? "(no step)",
  // The cause's category for now; the log lines' own, where kept, replace it (`withLogCategories`).
  category: (r: { cause: string | null }) =>
    (isFailureCause(r.cause) ? CAUSE_CATEGORIES[r.cause] : null) ?? "undetermined",
} as const;

/**
 * Regroups `rows` by what their failing log lines say, where a fetched
 * excerpt told infrastructure from code: the lines outrank the cause (a
 * runner that died mid-test leaves a test failure behind). One indexed read
 * per 500 failures, only when grouping by category.
 */
async function withLogCategories(db: Kysely<Database>, rows: FailureRow[]): Promise<FailureRow[]> {
  const told = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 500) {
    const found = await db
      .selectFrom("log_tails")
      .select(["job_id", "category"])
      .where(
        "job_id",
        "in",
        rows.slice(i, i + 500).map((r) => r.id),
      )
      .where("category", "is not", null)
      .execute();
    for (const row of found) if (row.category) told.set(row.job_id, row.category);
  }
  return told.size === 0 ? rows : rows.map((r) => ({ ...r, key: told.get(r.id) ?? r.key }));
}

/**
 * Failed jobs in the window (by status and finish time, through the covering
 * `jobs_failed` index, so no wide job row is read) and lost active jobs (by
 * last event). Two reads, each through its own index (an OR of the two would
 * scan the table).
 */
async function failureRows(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
  groupBy: (typeof FAILURE_GROUPS)[number],
  outcome: FailureOutcome,
): Promise<FailureRow[]> {
  const columns = [
    "id",
    "status",
    "cause",
    "repo",
    "workflow",
    "failure_step",
    "finished_at",
    "updated_at",
  ] as const;
  const [finished, lost] = await Promise.all([
    whereDimensions(
      db
        .selectFrom("jobs")
        .select(columns)
        .where("status", "in", STATUSES_OF[outcome])
        .where("finished_at", ">=", from)
        .where("finished_at", "<", to),
      filter,
    ).execute(),
    // A lost job is a failure (`runner_lost`), never a cancellation.
    outcome === "failed"
      ? whereDimensions(
          db.selectFrom("jobs").select(columns).where("status", "in", ACTIVE_STATUSES).where("lost", "=", 1),
          filter,
        ).execute()
      : [],
  ]);
  const rows = [...finished, ...lost].map((r) => ({
    id: r.id,
    key: GROUP_KEYS[groupBy](r),
    at: Number(r.finished_at ?? r.updated_at),
  }));
  return groupBy === "category" && rows.length > 0 ? withLogCategories(db, rows) : rows;
}

/** Failures grouped, largest group first, each with its most recent jobs. */
export async function failureGroups(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
  groupBy: (typeof FAILURE_GROUPS)[number],
  sample: number,
  outcome: FailureOutcome = "failed",
): Promise<{ total: number; groups: FailureGroup[] }> {
  const rows = await failureRows(db, filter, from, to, groupBy, outcome);
  const byKey = new Map<string, FailureRow[]>();
  for (const row of rows) {
    const members = byKey.get(row.key);
    if (members) members.push(row);
    else byKey.set(row.key, [row]);
  }
  const ordered = [...byKey].sort(([ka, a], [kb, b]) => b.length - a.length || ka.localeCompare(kb));
  const samples = ordered.map(([, members]) =>
    [...members].sort((x, y) => y.at - x.at || y.id.localeCompare(x.id)).slice(0, sample),
  );
  const ids = samples.flat().map((r) => r.id);
  const details = new Map<string, FailedJob>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = await db
      .selectFrom("jobs")
      .select(["id", "data", "cause", "updated_at"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    for (const j of chunk)
      details.set(j.id, failedJob(JSON.parse(j.data) as Job, j.cause, Number(j.updated_at)));
  }
  const total = rows.length;
  return {
    total,
    groups: ordered.map(([key, members], i) => ({
      key,
      count: members.length,
      share: total === 0 ? 0 : members.length / total,
      lastAt: new Date(members.reduce((latest, m) => Math.max(latest, m.at), 0)).toISOString(),
      jobs: (samples[i] ?? []).flatMap((r) => details.get(r.id) ?? []),
    })),
  };
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
    ...(job.superseded ? { superseded: true } : {}),
    at: job.finishedAt ?? new Date(updatedAt).toISOString(),
  };
}
