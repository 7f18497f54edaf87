/**
 * The flaky rule's candidates, kept rather than searched for. `flaky_runs`
 * holds the finished runs (success, failure, timed_out) of every job — a
 * (repo, workflow, job name, commit) — that has both failed and passed on its
 * commit. The roll-up rebuild keeps it, never the ingest path: rebuilding a
 * dirty hour drops the rows stored as finishing in it and re-derives every
 * job that finishes in it now, with all of its runs. A write dirties the
 * hours a job finished in before and after, so every row is its job as it is
 * now; retention deletes the rows of the jobs it purges. A window then reads
 * a few narrow rows by finish time instead of probing every failed job's
 * commit.
 */
import { sql, type Kysely } from "kysely";
import type { JobStatus } from "../../lib/job";
import { matchesDimensions, type DimensionFilter } from "./metric-scan";
import { isPostgres } from "./dialect";
import type { Database } from "./schema";

/** The columns `flaky_runs` copies from `jobs` (its `job_id` is the job's `id`). */
const COLUMNS = ["repo", "workflow", "name", "sha", "branch", "source", "labels", "attempt", "status"].concat(
  ["finished_at", "duration_ms"],
);
const COPIED = sql.raw(COLUMNS.join(", "));
const COPIED_FROM_R = COLUMNS.map((c) => `r.${c}`).join(", ");
const UPDATED = sql.raw(COLUMNS.map((c) => `${c} = excluded.${c}`).join(", "));

/**
 * Re-derives the rows of the jobs that finish in [from, to): their own rows
 * are dropped, then every job (commit) among them that both failed and passed
 * gets all of its runs stored. Run inside the hour's rebuild transaction.
 */
export async function rebuildFlakyRuns(db: Kysely<Database>, from: number, to: number): Promise<void> {
  await db.deleteFrom("flaky_runs").where("finished_at", ">=", from).where("finished_at", "<", to).execute();
  const touched = sql`SELECT DISTINCT sha, name, workflow, repo FROM jobs
    WHERE finished_at >= ${from} AND finished_at < ${to} AND sha IS NOT NULL`;
  // Jobs whose verdicts changed here may have stopped being mixed: their runs elsewhere go too.
  await sql`DELETE FROM flaky_runs WHERE (sha, name, workflow, repo) IN (${touched})`.execute(db);
  // CROSS JOIN keeps the few mixed jobs outermost, each read through the commit index
  // (the planner would otherwise walk every finished job by status). The upsert: a job that
  // moved here from an hour not rebuilt yet still has its old row. (CASE, not max() of a
  // comparison, and an upsert, not INSERT OR REPLACE: SQL that PostgreSQL reads too. Its CROSS
  // JOIN takes no ON and its planner orders joins itself: a plain JOIN there.)
  const join = sql.raw(isPostgres(db) ? "JOIN" : "CROSS JOIN");
  await sql`INSERT INTO flaky_runs (job_id, ${COPIED})
    SELECT r.id, ${sql.raw(COPIED_FROM_R)} FROM (
      SELECT k.sha, k.name, k.workflow, k.repo FROM (${touched}) k
      ${join} jobs j ON j.sha = k.sha AND j.name = k.name AND j.workflow = k.workflow AND j.repo = k.repo
      GROUP BY k.sha, k.name, k.workflow, k.repo
      HAVING max(CASE WHEN j.status = 'success' THEN 1 ELSE 0 END) = 1
        AND max(CASE WHEN j.status IN ('failure', 'timed_out') THEN 1 ELSE 0 END) = 1) m
    ${join} jobs r ON r.sha = m.sha AND r.name = m.name AND r.workflow = m.workflow AND r.repo = m.repo
    WHERE r.status IN ('success', 'failure', 'timed_out') AND r.finished_at IS NOT NULL
    ON CONFLICT (job_id) DO UPDATE SET ${UPDATED}`.execute(db);
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
 * jobs matching the filter; the commit's other runs are returned too) — the
 * only ones the flaky rule can name. Read `flaky_runs` after `refreshMetrics`.
 */
export async function finishedFacts(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<FinishedFact[]> {
  // The commit key's own columns narrow in SQL; branch, source and label only decide which
  // runs judge a commit, so they are tested here.
  let q = db
    .selectFrom("flaky_runs")
    .select([
      "repo",
      "workflow",
      "name",
      "sha",
      "branch",
      "source",
      "labels",
      "attempt",
      "status",
      "finished_at",
      "duration_ms",
    ])
    .where("finished_at", ">=", from)
    .where("finished_at", "<", to);
  if (filter.repo !== undefined) q = q.where("repo", "=", filter.repo);
  if (filter.workflow !== undefined) q = q.where("workflow", "=", filter.workflow);
  if (filter.job !== undefined) q = q.where("name", "=", filter.job);
  const rows = await q.orderBy("finished_at").execute();
  const keyOf = (r: (typeof rows)[number]) => `${r.repo}\u0000${r.workflow}\u0000${r.name}\u0000${r.sha}`;
  const passed = new Set<string>();
  const failed = new Set<string>();
  for (const r of rows)
    if (matchesDimensions(r, filter)) (r.status === "success" ? passed : failed).add(keyOf(r));
  const facts: FinishedFact[] = [];
  for (const r of rows) {
    const key = keyOf(r);
    if (!passed.has(key) || !failed.has(key)) continue;
    facts.push({
      repo: r.repo,
      workflow: r.workflow,
      name: r.name,
      sha: r.sha,
      branch: r.branch,
      attempt: Number(r.attempt ?? 1),
      status: r.status as JobStatus,
      finishedAt: Number(r.finished_at),
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    });
  }
  return facts;
}
