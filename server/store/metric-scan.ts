/**
 * Raw reads of jobs for metrics: the narrow columns of jobs that finished or
 * started in a span, narrowed by the metric filters. Roll-ups are built from
 * these, and partial hours and multi-filter queries are answered from them.
 */
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from "kysely";
import type { JobSource, JobStatus } from "../../lib/job";
import type { MetricFilter } from "../../lib/metrics";
import type { JobFact } from "../domain/metric-aggregate";
import type { Database } from "./schema";
import type { TeamScope } from "../../lib/teams";
import { scopeCondition, scopeMatcher } from "./team-scope";

/** A job's metric facts and the dimension values it counts under. */
export interface ScannedJob extends JobFact {
  source: JobSource;
  repo: string;
  branch: string | null;
  workflow: string;
  name: string;
  labels: string[];
}

/**
 * The dimension filters of a metric query (the window is handled by the
 * caller), and the caller's team scope (absent or null: unscoped). A scoped
 * filter is answered from raw jobs, never from roll-ups (which sum every team).
 */
export type DimensionFilter = Omit<MetricFilter, "window"> & { scope?: TeamScope };

/** A condition on `jobs`: the job carries this runner label. */
export const hasLabel =
  (label: string) =>
  ({ exists, selectFrom }: ExpressionBuilder<Database, "jobs">) =>
    exists(
      selectFrom("job_labels")
        .select("job_labels.job_id")
        .whereRef("job_labels.job_id", "=", "jobs.id")
        .where("job_labels.label", "=", label),
    );

/** Narrows a jobs query by every dimension filter set. */
export function whereDimensions<O>(
  query: SelectQueryBuilder<Database, "jobs", O>,
  filter: DimensionFilter,
): SelectQueryBuilder<Database, "jobs", O> {
  let q = query;
  if (filter.source) q = q.where("jobs.source", "=", filter.source);
  if (filter.repo) q = q.where("jobs.repo", "=", filter.repo);
  if (filter.branch) q = q.where("jobs.branch", "=", filter.branch);
  if (filter.workflow) q = q.where("jobs.workflow", "=", filter.workflow);
  if (filter.job) q = q.where("jobs.name", "=", filter.job);
  if (filter.label) q = q.where(hasLabel(filter.label));
  const inScope = scopeCondition(filter.scope ?? null, SCOPE_COLUMNS);
  if (inScope) q = q.where(inScope);
  return q;
}

const SCOPE_COLUMNS = { repo: "jobs.repo", source: "jobs.source", pool: "jobs.pool" };

/** The same test as `whereDimensions`, on a row already read. */
export function matchesDimensions(
  row: {
    source: string;
    repo: string;
    branch: string | null;
    workflow: string;
    name: string;
    labels: string | null;
    /** Needed to match a scope whose teams give pools; a row without it is outside them. */
    pool?: string | null;
  },
  filter: DimensionFilter,
): boolean {
  return (
    scopeMatcher(filter.scope ?? null)({ repo: row.repo, source: row.source, pool: row.pool ?? null }) &&
    (filter.source === undefined || row.source === filter.source) &&
    (filter.repo === undefined || row.repo === filter.repo) &&
    (filter.branch === undefined || row.branch === filter.branch) &&
    (filter.workflow === undefined || row.workflow === filter.workflow) &&
    (filter.job === undefined || row.name === filter.job) &&
    (filter.label === undefined || parseLabels(row.labels).includes(filter.label))
  );
}

/** Parses the stored label list (a JSON array; null on rows from before migration 0004). */
export function parseLabels(text: string | null): string[] {
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === "string") : [];
}

const COLUMNS = [
  "id",
  "source",
  "repo",
  "branch",
  "workflow",
  "name",
  "labels",
  "status",
  "started_at",
  "finished_at",
  "queue_ms",
  "duration_ms",
] as const;

/**
 * Jobs that finished or started in [from, to), matching the filter. Two range
 * reads — by finish time, by start time — each through its own index (with
 * the repo first when filtered by repo), merged here; one query with an OR of
 * the two ranges would leave the planner walking a whole repo or table.
 */
export async function scanJobs(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<ScannedJob[]> {
  const arm = (column: "finished_at" | "started_at") =>
    whereDimensions(
      db.selectFrom("jobs").select(COLUMNS).where(column, ">=", from).where(column, "<", to),
      filter,
    ).execute();
  const [finished, started] = await Promise.all([arm("finished_at"), arm("started_at")]);
  const seen = new Set(finished.map((row) => row.id));
  const rows = [...finished, ...started.filter((row) => !seen.has(row.id))];
  return rows.map(scanned);
}

/**
 * The same jobs as `scanJobs(db, {}, from, to)`, read `pageSize` at a time
 * through the same two indexes (keyset pages, never an OFFSET), with
 * `between()` awaited after each full page: a large span costs many short
 * reads instead of one long one, so the event loop keeps turning. Each page is
 * its own read: a job written meanwhile may be seen in its old or new state,
 * or (when it moves between the arms) twice or not at all — callers re-read
 * a span a write has marked since they started (the roll-ups' dirty marks).
 */
export async function scanJobPages(
  db: Kysely<Database>,
  from: number,
  to: number,
  pageSize: number,
  onPage: (jobs: ScannedJob[]) => void,
  between: () => Promise<void>,
): Promise<void> {
  for (const column of ["finished_at", "started_at"] as const) {
    let after: { at: number; id: string } | null = null;
    for (;;) {
      let q = db
        .selectFrom("jobs")
        .select(COLUMNS)
        .where(column, ">=", from)
        .where(column, "<", to)
        .orderBy(column)
        .orderBy("id")
        .limit(pageSize);
      if (after) {
        const { at, id } = after;
        q = q.where((eb) => eb.or([eb(column, ">", at), eb.and([eb(column, "=", at), eb("id", ">", id)])]));
      }
      const rows = await q.execute();
      // A job that finished in the span was counted by the first arm.
      const fresh =
        column === "finished_at"
          ? rows
          : rows.filter((row) => row.finished_at === null || row.finished_at < from || row.finished_at >= to);
      onPage(fresh.map(scanned));
      const last = rows.at(-1);
      if (rows.length < pageSize || !last) break;
      after = { at: Number(last[column]), id: last.id };
      await between();
    }
  }
}

type ScanRow = Pick<Database["jobs"], (typeof COLUMNS)[number]>;

const scanned = (row: ScanRow): ScannedJob => ({
  source: row.source as JobSource,
  repo: row.repo,
  branch: row.branch,
  workflow: row.workflow,
  name: row.name,
  labels: parseLabels(row.labels),
  status: row.status as JobStatus,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  queueMs: row.queue_ms,
  durationMs: row.duration_ms,
});
