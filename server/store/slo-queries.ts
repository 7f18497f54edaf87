/**
 * The events SLOs are judged on, counted in SQL over the budget window and
 * each burn-rate window in one query per SLO (no per-event work in Node).
 * Every event has a time `t` (when it became good or bad) and a verdict; a
 * window `(now - w, now]` counts the events whose `t` falls in it.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "./schema";

/** Good and bad events per window, keyed like `SloWindowCounts` (`budget` is the 28-day window). */
export type WindowCounts = Record<"budget" | "1h" | "5m" | "6h" | "30m", { good: number; bad: number }>;

/** The windows counted, ms back from now. */
export interface CountWindows {
  budget: number;
  "1h": number;
  "5m": number;
  "6h": number;
  "30m": number;
}

type CountRow = {
  good: number | string;
  budget: number | string | null;
  h1: number | string | null;
  m5: number | string | null;
  h6: number | string | null;
  m30: number | string | null;
};

const empty = (): WindowCounts => ({
  budget: { good: 0, bad: 0 },
  "1h": { good: 0, bad: 0 },
  "5m": { good: 0, bad: 0 },
  "6h": { good: 0, bad: 0 },
  "30m": { good: 0, bad: 0 },
});

/**
 * Counts the rows of `events` (columns `good` 0/1 and `t` ms, plus `grp`, a
 * text the caller groups by, e.g. the repository) per window; one entry per `grp`.
 */
async function countByGroup(
  db: Kysely<Database>,
  events: RawBuilder<unknown>,
  now: number,
  windows: CountWindows,
): Promise<Map<string, WindowCounts>> {
  const since = (ms: number) => sql`SUM(CASE WHEN ev.t > ${now - ms} THEN 1 ELSE 0 END)`;
  const { rows } = await sql<CountRow & { grp: string }>`
    SELECT ev.grp AS grp, ev.good AS good, COUNT(*) AS budget,
      ${since(windows["1h"])} AS h1, ${since(windows["5m"])} AS m5,
      ${since(windows["6h"])} AS h6, ${since(windows["30m"])} AS m30
    FROM (${events}) ev
    WHERE ev.t > ${now - windows.budget} AND ev.t <= ${now}
    GROUP BY ev.grp, ev.good`.execute(db);
  const out = new Map<string, WindowCounts>();
  for (const row of rows) {
    const counts = out.get(row.grp) ?? empty();
    out.set(row.grp, counts);
    // PostgreSQL answers counts and sums as text.
    const key = Number(row.good) === 1 ? "good" : "bad";
    counts.budget[key] = Number(row.budget ?? 0);
    counts["1h"][key] = Number(row.h1 ?? 0);
    counts["5m"][key] = Number(row.m5 ?? 0);
    counts["6h"][key] = Number(row.h6 ?? 0);
    counts["30m"][key] = Number(row.m30 ?? 0);
  }
  return out;
}

/** Adds per-group counts into one. */
export function sumCounts(groups: Iterable<WindowCounts>): WindowCounts {
  const total = empty();
  for (const counts of groups)
    for (const key of Object.keys(total) as (keyof WindowCounts)[]) {
      total[key].good += counts[key].good;
      total[key].bad += counts[key].bad;
    }
  return total;
}

/**
 * queue_time events of one pool. A job is an event once it started (good
 * when it waited at most `maxMs`, at its start) or once it has waited longer
 * than `maxMs` (bad, at `queued + maxMs`, whether it started since or still
 * waits: a pool where nothing starts must burn budget, not go quiet). A job
 * cancelled before `maxMs` without starting, or flagged lost, is no event.
 */
function queueEvents(pool: string, maxMs: number, now: number, from: number) {
  const good = sql`(j.started_at IS NOT NULL AND j.started_at - j.created_at <= ${maxMs})`;
  return sql`
    SELECT j.pool AS grp, j.id AS id, j.repo AS repo, j.workflow AS workflow, j.name AS name,
      j.created_at AS queued_at, j.started_at AS started_at,
      CASE WHEN ${good} THEN 1 ELSE 0 END AS good,
      CASE WHEN ${good} THEN j.started_at ELSE j.created_at + ${maxMs} END AS t
    FROM jobs j
    WHERE j.pool = ${pool} AND j.lost = 0 AND j.created_at > ${from - maxMs} AND j.created_at <= ${now}
      AND (j.started_at IS NOT NULL OR COALESCE(j.finished_at, ${now}) - j.created_at > ${maxMs})`;
}

/** queue_time event counts of `pool` (one group). */
export async function countQueueEvents(
  db: Kysely<Database>,
  pool: string,
  maxMs: number,
  now: number,
  windows: CountWindows,
): Promise<WindowCounts> {
  const groups = await countByGroup(db, queueEvents(pool, maxMs, now, now - windows.budget), now, windows);
  return sumCounts(groups.values());
}

/** A job that waited too long, as `queueConsumers` lists it. */
export interface SlowQueueJob {
  id: string;
  repo: string;
  workflow: string;
  name: string;
  queuedAt: number;
  startedAt: number | null;
  /** When it went bad: queued + maxMs. */
  t: number;
}

/** The bad queue_time events of `pool` in the budget window, newest first. */
export async function queueConsumers(
  db: Kysely<Database>,
  pool: string,
  maxMs: number,
  now: number,
  budgetMs: number,
  limit: number,
): Promise<SlowQueueJob[]> {
  const { rows } = await sql<{
    id: string;
    repo: string;
    workflow: string;
    name: string;
    queued_at: number | string;
    started_at: number | string | null;
    t: number | string;
  }>`SELECT ev.id, ev.repo, ev.workflow, ev.name, ev.queued_at, ev.started_at, ev.t
    FROM (${queueEvents(pool, maxMs, now, now - budgetMs)}) ev
    WHERE ev.good = 0 AND ev.t > ${now - budgetMs} AND ev.t <= ${now}
    ORDER BY ev.t DESC, ev.id DESC LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    repo: r.repo,
    workflow: r.workflow,
    name: r.name,
    queuedAt: Number(r.queued_at),
    startedAt: r.started_at === null ? null : Number(r.started_at),
    t: Number(r.t),
  }));
}

/** Run statuses that are success_rate events (cancelled, skipped and neutral runs say nothing of the code). */
const VERDICT_STATUSES = ["success", "failure", "timed_out"];

/**
 * success_rate events: finished default-branch runs, at their last change
 * (their finish), good when they succeeded; grouped by repository so the
 * caller can apply the SLO's repository glob.
 */
function runEvents(branches: readonly string[], now: number, from: number) {
  return sql`
    SELECT r.repo AS grp, r.id AS id, r.repo AS repo, r.workflow AS workflow, r.status AS status,
      CASE WHEN r.status = 'success' THEN 1 ELSE 0 END AS good, r.updated_at AS t
    FROM runs r
    WHERE r.branch IN (${sql.join(branches)}) AND r.status IN (${sql.join(VERDICT_STATUSES)})
      AND r.updated_at > ${from} AND r.updated_at <= ${now}`;
}

/** success_rate event counts per repository. */
export function countRunEvents(
  db: Kysely<Database>,
  branches: readonly string[],
  now: number,
  windows: CountWindows,
): Promise<Map<string, WindowCounts>> {
  return countByGroup(db, runEvents(branches, now, now - windows.budget), now, windows);
}

/** A finished default-branch run, as the success_rate and time_to_green evaluations read it. */
export interface VerdictRun {
  id: string;
  repo: string;
  workflow: string;
  status: string;
  /** Its last change (its finish), ms. */
  at: number;
}

/**
 * Finished default-branch runs that changed in `(from, now]`, oldest first
 * (`failedOnly`: only the failed ones, newest first), at most `limit`.
 */
export async function verdictRuns(
  db: Kysely<Database>,
  branches: readonly string[],
  from: number,
  now: number,
  limit: number,
  failedOnly = false,
): Promise<VerdictRun[]> {
  const rows = await db
    .selectFrom("runs")
    .select(["id", "repo", "workflow", "status", "updated_at"])
    .where("branch", "in", branches)
    .where("status", "in", failedOnly ? VERDICT_STATUSES.slice(1) : VERDICT_STATUSES)
    .where("updated_at", ">", from)
    .where("updated_at", "<=", now)
    .orderBy("updated_at", failedOnly ? "desc" : "asc")
    .orderBy("id", failedOnly ? "desc" : "asc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    repo: r.repo,
    workflow: r.workflow,
    status: r.status,
    at: Number(r.updated_at),
  }));
}

/** Whether any job or pool setting names `pool` (an SLO on a pool never seen is refused). */
export async function poolKnown(db: Kysely<Database>, pool: string): Promise<boolean> {
  const job = await db.selectFrom("jobs").select("id").where("pool", "=", pool).limit(1).executeTakeFirst();
  if (job) return true;
  const set = await db
    .selectFrom("pool_kinds")
    .select("pool")
    .where("pool", "=", pool)
    .limit(1)
    .executeTakeFirst();
  return set !== undefined;
}
