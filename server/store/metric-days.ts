/**
 * Daily metric roll-ups, on top of the hourly ones: the same aggregate per
 * UTC day and dimension value, plus the pairs that filters and the workflow
 * page combine (repo + branch, repo + workflow), which have no hourly rows.
 * Rebuilding an hour marks its day (`refreshRollups`); `refreshDays` then
 * rebuilds each marked day from its jobs, in the background like the hours,
 * so a correction that moves a job between days fixes both.
 */
import type { Kysely } from "kysely";
import {
  BOTH_SKETCHES,
  DAY_MS,
  dimensionValues,
  spanRows,
  type RollupRow,
  type SketchNeed,
} from "./metric-rollups";
import { scanJobs, type ScannedJob } from "./metric-scan";
import type { Database } from "./schema";

/** The pair dimensions (daily only); their values are `JSON.stringify([repo, other])`. */
export const REPO_BRANCH = "repo+branch";
export const REPO_WORKFLOW = "repo+workflow";

/** The key of a pair value. */
export const pairValue = (repo: string, other: string) => JSON.stringify([repo, other]);

/** The dimension values a job counts under in the daily roll-ups. */
export function dailyValues(job: ScannedJob): [string, string][] {
  const values: [string, string][] = dimensionValues(job);
  values.push([REPO_WORKFLOW, pairValue(job.repo, job.workflow)]);
  if (job.branch !== null) values.push([REPO_BRANCH, pairValue(job.repo, job.branch)]);
  return values;
}

/** Stale days rebuilt per round. */
export const DAYS_PER_ROUND = 31;

/**
 * Rebuilds up to `limit` stale days, oldest first, one transaction each, telling `rebuilt`
 * of each once committed; resolves with how many.
 */
export async function refreshDays(
  db: Kysely<Database>,
  limit = DAYS_PER_ROUND,
  rebuilt: (day: number) => void = () => undefined,
): Promise<number> {
  const dirty = await db.selectFrom("metric_dirty_days").select("day").orderBy("day").limit(limit).execute();
  for (const { day } of dirty) {
    await db.transaction().execute(async (trx) => {
      // Cleared before reading, as for hours: a write landing later marks the day again.
      await trx.deleteFrom("metric_dirty_days").where("day", "=", day).execute();
      const rows = spanRows(await scanJobs(trx, {}, day, day + DAY_MS), day, day + DAY_MS, dailyValues);
      await trx.deleteFrom("metric_daily").where("day", "=", day).execute();
      for (let j = 0; j < rows.length; j += 500)
        await trx
          .insertInto("metric_daily")
          .values(rows.slice(j, j + 500).map((row) => ({ ...row, day })))
          .execute();
    });
    rebuilt(day);
  }
  return dirty.length;
}

/**
 * Daily rows of days [fromDay, toDay) for one dimension: one value, or every
 * value when `value` is null. Rows come back with `hour` set to their day, so
 * they read like hourly rows.
 */
export async function readDays(
  db: Kysely<Database>,
  dim: string,
  value: string | null,
  fromDay: number,
  toDay: number,
  need: SketchNeed = BOTH_SKETCHES,
): Promise<RollupRow[]> {
  if (toDay <= fromDay) return [];
  const columns = [
    "dim",
    "value",
    "day",
    "success",
    "failure",
    "timed_out",
    "cancelled",
    "skipped",
    "neutral",
    "finished",
    "started",
    ...(need.duration ? (["duration"] as const) : []),
    ...(need.queue ? (["queue"] as const) : []),
  ] as const;
  let q = db
    .selectFrom("metric_daily")
    .select(columns)
    .where("dim", "=", dim)
    .where("day", ">=", fromDay)
    .where("day", "<", toDay);
  if (value !== null) q = q.where("value", "=", value);
  return (await q.execute()).map(({ day, ...row }) => ({ ...row, hour: day }));
}
