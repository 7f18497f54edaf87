/**
 * Workflow health statistics: per (repo, workflow), outcome counts and
 * p50/p95 of durations over a window. Whole days come from the daily
 * repo+workflow roll-ups (a merge of sketches, not a sort of every duration);
 * the part-days at the window's edges, and filters the roll-ups do not hold,
 * from the jobs' finish-time range through a covering index (`jobs_outcomes`).
 */
import { sql, type Kysely } from "kysely";
import type { JobStatus } from "../../lib/job";
import { absorbAggregate, addFinished, emptyAggregate, type Aggregate } from "../domain/metric-aggregate";
import { sketchQuantiles } from "../domain/sketch";
import type { DayCache } from "./day-cache";
import { REPO_WORKFLOW, pairValue, readDays } from "./metric-days";
import { DAY_MS, absorbRow, dayOf } from "./metric-rollups";
import { whereDimensions, type DimensionFilter } from "./metric-scan";
import type { Database } from "./schema";

/**
 * Per workflow: counts, and p50/p95 of durations (ms) of its timed jobs —
 * nearest-rank within the sketch's 0.5% (exact when all durations are equal).
 */
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

type Merged = Map<string, { repo: string; workflow: string; aggregate: Aggregate }>;

/** Daily repo+workflow rows of days [fromDay, toDay) merged per workflow (one, or all when null). */
async function mergeDays(
  db: Kysely<Database>,
  value: string | null,
  fromDay: number,
  toDay: number,
): Promise<Merged> {
  const merged: Merged = new Map();
  for (const row of await readDays(db, REPO_WORKFLOW, value, fromDay, toDay, DURATION_ONLY)) {
    let found = merged.get(row.value);
    if (!found) {
      const [repo, workflow] = JSON.parse(row.value) as [string, string];
      merged.set(row.value, (found = { repo, workflow, aggregate: emptyAggregate() }));
    }
    absorbRow(found.aggregate, row);
  }
  return merged;
}

const DURATION_ONLY = { duration: true, queue: false };

/**
 * Workflow health over [from, to), keyed `JSON.stringify([repo, workflow])`. Whole days are
 * read through `cache` when given.
 */
export async function workflowStats(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
  cache?: DayCache,
): Promise<Map<string, WorkflowStats>> {
  const byKey = new Map<string, { repo: string; workflow: string; aggregate: Aggregate }>();
  const entry = (repo: string, workflow: string) => {
    const key = pairValue(repo, workflow);
    let found = byKey.get(key);
    if (!found) byKey.set(key, (found = { repo, workflow, aggregate: emptyAggregate() }));
    return found.aggregate;
  };
  const raw = async (a: number, b: number) => {
    if (b <= a) return;
    const rows = await whereDimensions(
      db
        .selectFrom("jobs")
        .select(["repo", "workflow", "status", "duration_ms"])
        .where("finished_at", ">=", a)
        .where("finished_at", "<", b)
        .where(counted, "=", 1),
      filter,
    ).execute();
    for (const r of rows)
      addFinished(entry(r.repo, r.workflow), {
        status: r.status as JobStatus,
        durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
      });
  };
  // The daily roll-ups hold repo+workflow only: any other filter reads the jobs.
  const rollable = Object.entries(filter).every(
    ([k, v]) => v === undefined || k === "repo" || k === "workflow",
  );
  const daysFrom = Math.ceil(from / DAY_MS) * DAY_MS;
  const daysTo = dayOf(to);
  if (!rollable || daysTo <= daysFrom) await raw(from, to);
  else {
    const one = filter.repo !== undefined && filter.workflow !== undefined;
    const value = one ? pairValue(filter.repo ?? "", filter.workflow ?? "") : null;
    const load = () => mergeDays(db, value, daysFrom, daysTo);
    const [days] = await Promise.all([
      cache ? cache.read(`${REPO_WORKFLOW}\u0000${value}`, daysFrom, daysTo, load) : load(),
      raw(from, daysFrom),
      raw(daysTo, to),
    ]);
    for (const { repo, workflow, aggregate } of days.values()) {
      if ((filter.repo ?? repo) !== repo || (filter.workflow ?? workflow) !== workflow) continue;
      // Absorbed into this call's own entry: the merged days may be shared through the cache.
      absorbAggregate(entry(repo, workflow), aggregate);
    }
  }
  const stats = new Map<string, WorkflowStats>();
  // In (repo, workflow) order, as SQL's GROUP BY gave them: callers' stable sorts keep ties so.
  const binary = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const ordered = [...byKey].sort(([, x], [, y]) => binary(x.repo, y.repo) || binary(x.workflow, y.workflow));
  for (const [key, { repo, workflow, aggregate: a }] of ordered) {
    // A workflow with only cancelled, skipped or started jobs here has no health to show.
    if (a.success + a.failure + a.timed_out === 0) continue;
    const [p50, p95] = sketchQuantiles(a.duration, [0.5, 0.95]).map((v) =>
      v === null ? null : Math.round(v),
    );
    stats.set(key, {
      repo,
      workflow,
      success: a.success,
      failure: a.failure,
      timed_out: a.timed_out,
      timed: a.duration.count,
      p50: p50 ?? null,
      p95: p95 ?? null,
    });
  }
  return stats;
}
