/**
 * The distinct filter values of the jobs (`job_values`, migration 0015): kept
 * on write, read for filter suggestions, pruned by retention. A handful of
 * rows per distinct value, so a suggestion never scans the jobs themselves.
 */
import { sql, type Kysely } from "kysely";
import type { Job } from "../../lib/job";
import { JOB_SUGGEST_FIELDS, type JobSuggestField, type JobSuggestQuery } from "../../lib/job-search";
import { poolOf } from "../../lib/runner";
import { addValue, deferred } from "./batch-deferred";
import { reusable } from "./compiled";
import type { TeamScope } from "../../lib/teams";
import { scopeCondition } from "./team-scope";
import type { Database } from "./schema";

/**
 * `last_seen` moves only when it would move by more than this: a busy value is
 * rewritten at most once an hour, not on every job (suggestions need recency, not precision).
 */
export const LAST_SEEN_STEP_MS = 3_600_000;

/** The job's value of each suggested field (empty and absent values left out). */
export function jobValues(job: Job): Array<[JobSuggestField, string]> {
  const values: Record<JobSuggestField, string | null> = {
    repo: job.repo,
    branch: job.branch,
    workflow: job.workflow,
    name: job.name,
    pool: poolOf(job.runner.labels, job.runner.group),
  };
  return JOB_SUGGEST_FIELDS.flatMap((field) => {
    const value = values[field];
    return value ? [[field, value] as [JobSuggestField, string]] : [];
  });
}

const upsertValue = reusable((db, field: string, value: string, seen: number) =>
  db
    .insertInto("job_values")
    .values({ field, value, last_seen: seen })
    .onConflict((oc) =>
      oc
        .columns(["field", "value"])
        .doUpdateSet({ last_seen: (eb) => eb.ref("excluded.last_seen") })
        .where(sql<boolean>`job_values.last_seen < excluded.last_seen - ${LAST_SEEN_STEP_MS}`),
    ),
);

/**
 * Records the values of a job seen at `seenMs`. `previous` is the stored
 * version: a value it already had is skipped, so a job's later events (running,
 * finished) cost nothing here — only a new job or a changed value writes.
 */
export async function recordJobValues(
  db: Kysely<Database>,
  job: Job,
  previous: Job | null,
  seenMs: number,
): Promise<void> {
  const before = new Map(previous ? jobValues(previous) : []);
  // In a batch: one multi-row upsert at its end, each value at the latest time the batch saw it.
  const pending = deferred(db);
  for (const [field, value] of jobValues(job)) {
    if (before.get(field) === value) continue;
    if (pending) addValue(pending, field, value, seenMs);
    else await upsertValue(db, field, value, seenMs);
  }
}

/** Records the values of many jobs at once (bulk imports), each seen at `seenMs(job)`. */
export async function recordJobValuesBulk(
  db: Kysely<Database>,
  jobs: readonly Job[],
  seenMs: (job: Job) => number,
): Promise<void> {
  // One row per distinct value, with the latest time among the jobs.
  const latest = new Map<string, { field: JobSuggestField; value: string; last_seen: number }>();
  for (const job of jobs) {
    const seen = seenMs(job);
    for (const [field, value] of jobValues(job)) {
      const key = `${field}\u0000${value}`;
      const row = latest.get(key);
      if (!row) latest.set(key, { field, value, last_seen: seen });
      else if (seen > row.last_seen) row.last_seen = seen;
    }
  }
  const rows = [...latest.values()];
  for (let i = 0; i < rows.length; i += 300)
    await db
      .insertInto("job_values")
      .values(rows.slice(i, i + 300))
      .onConflict((oc) =>
        oc
          .columns(["field", "value"])
          .doUpdateSet({ last_seen: (eb) => eb.ref("excluded.last_seen") })
          .where(sql<boolean>`job_values.last_seen < excluded.last_seen`),
      )
      .execute();
}

/** Escapes LIKE wildcards so the prefix matches literally. */
const prefixPattern = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Values of `query.field` starting with `query.prefix` in any case, most
 * recently seen first (ties by value), at most `query.limit`. Walks the
 * field's values newest first and stops at the limit: bounded by the number of
 * distinct values of one field, never by the number of jobs.
 */
export async function selectJobSuggestions(
  db: Kysely<Database>,
  query: JobSuggestQuery,
  scope: TeamScope = null,
): Promise<string[]> {
  if (scope !== null) return selectScopedSuggestions(db, query, scope);
  let q = db.selectFrom("job_values").select("value").where("field", "=", query.field);
  if (query.prefix)
    // lower() on both sides: the same answer in SQLite (ASCII-only NOCASE LIKE) and PostgreSQL.
    q = q.where(sql<boolean>`lower(value) LIKE ${prefixPattern(query.prefix)} ESCAPE '\\'`);
  const rows = await q.orderBy("last_seen", "desc").orderBy("value", "asc").limit(query.limit).execute();
  return rows.map((row) => row.value);
}

/** Forgets values not seen since `cutoffMs` (retention: their jobs are being purged). */
export async function pruneJobValues(db: Kysely<Database>, cutoffMs: number): Promise<number> {
  const result = await db.deleteFrom("job_values").where("last_seen", "<", cutoffMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Suggestions for a team-scoped caller: `job_values` knows no team, so the
 * values come from the caller's own jobs (distinct, most recently updated
 * first). Slower than `job_values`, but only scoped callers pay it.
 */
async function selectScopedSuggestions(
  db: Kysely<Database>,
  query: JobSuggestQuery,
  scope: TeamScope,
): Promise<string[]> {
  const column = query.field === "name" ? "name" : query.field;
  let q = db
    .selectFrom("jobs")
    .select([sql.ref<string>(column).as("value"), (eb) => eb.fn.max("updated_at").as("seen")])
    .where(sql.ref(column), "is not", null)
    .groupBy(column);
  const inScope = scopeCondition(scope);
  if (inScope) q = q.where(inScope);
  if (query.prefix)
    q = q.where(sql<boolean>`lower(${sql.ref(column)}) LIKE ${prefixPattern(query.prefix)} ESCAPE '\\'`);
  const rows = await q.orderBy("seen", "desc").orderBy("value", "asc").limit(query.limit).execute();
  return rows.map((row) => row.value);
}
