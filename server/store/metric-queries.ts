/**
 * Aggregates over windows and buckets, answered from roll-ups where they
 * can be and from raw jobs where they cannot:
 * - no filter, or one dimension filter: daily roll-ups for whole days, hourly
 *   ones for the hours around them, plus a raw scan of the part-hour at the
 *   start of an unaligned window;
 * - repo and branch together: their daily pair roll-up, raw around it;
 * - other combinations of filters, or buckets finer than an hour: a raw scan
 *   of the window, through the narrowest index.
 * The current hour's roll-up holds everything up to now, so windows ending
 * now need no raw scan at their end.
 */
import type { Kysely } from "kysely";
import type { Dimension } from "../../lib/metrics";
import { addFact, addFinished, addStarted, emptyAggregate, type Aggregate } from "../domain/metric-aggregate";
import { REPO_BRANCH, pairValue, readDays } from "./metric-days";
import {
  ALL,
  BOTH_SKETCHES,
  DAY_MS,
  HOUR_MS,
  absorbRow,
  dayOf,
  dimensionValues,
  hourOf,
  readRollups,
  type RollupRow,
  type SketchNeed,
} from "./metric-rollups";
import { scanJobs, type DimensionFilter } from "./metric-scan";
import type { Database } from "./schema";

const FILTER_DIMS = ["source", "repo", "branch", "workflow", "job", "label"] as const satisfies Dimension[];

/** A roll-up series: a dimension value; `daily` when it has daily rows only (a pair). */
interface Series {
  dim: string;
  value: string;
  dailyOnly: boolean;
}

/** The one roll-up series that answers a filter, or null when only a raw scan can. */
function rollupFor(filter: DimensionFilter): Series | null {
  // Roll-ups sum every team's jobs: a scoped caller's numbers come from its raw jobs.
  if (filter.scope) return null;
  const set = FILTER_DIMS.filter((dim) => filter[dim] !== undefined);
  if (set.length === 0) return { dim: ALL, value: ALL, dailyOnly: false };
  const only = set[0];
  if (set.length === 1 && only) return { dim: only, value: String(filter[only]), dailyOnly: false };
  if (set.length === 2 && filter.repo !== undefined && filter.branch !== undefined)
    return { dim: REPO_BRANCH, value: pairValue(filter.repo, filter.branch), dailyOnly: true };
  return null;
}

const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;

/**
 * Every job in [from, to) matching the filter, as one aggregate: whole days
 * from daily roll-ups, whole hours around them from hourly ones, and the
 * part-hour at an unaligned start from raw jobs. The hour holding `to` holds
 * everything up to now, so a window ending now needs no raw scan at its end.
 * A pair series (no hourly rows) reads its part-days raw instead.
 */
export async function aggregateWindow(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<Aggregate> {
  const total = emptyAggregate();
  const raw = async (a: number, b: number) => {
    if (b > a) for (const job of await scanJobs(db, filter, a, b)) addFact(total, job, a, b);
  };
  const absorb = (rows: RollupRow[]) => {
    for (const row of rows) absorbRow(total, row);
  };
  const series = rollupFor(filter);
  if (!series) {
    await raw(from, to);
    return total;
  }
  const hoursFrom = Math.min(ceilTo(from, HOUR_MS), to);
  // End of the hour holding `to` (that hour's roll-up holds everything up to now).
  const hoursTo = to > hoursFrom ? hourOf(to - 1) + HOUR_MS : hoursFrom;
  const daysFrom = Math.min(ceilTo(hoursFrom, DAY_MS), hoursTo);
  const daysTo = Math.max(dayOf(hoursTo), daysFrom);
  const hours = async (a: number, b: number) => {
    if (b <= a) return;
    if (series.dailyOnly) await raw(a, Math.min(b, to));
    else absorb(await readRollups(db, series.dim, series.value, a, b - HOUR_MS));
  };
  await raw(from, hoursFrom);
  await hours(hoursFrom, daysFrom);
  absorb(await readDays(db, series.dim, series.value, daysFrom, daysTo));
  await hours(daysTo, hoursTo);
  return total;
}

/** Aggregates per bucket, per group (`null` key without `groupBy`). */
export type BucketedAggregates = Map<string | null, Aggregate[]>;

/**
 * Aggregates of consecutive buckets of `bucketMs` from `from` (aligned by the
 * caller) to `to`, optionally one series per value of `groupBy`.
 */
export async function aggregateBuckets(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
  bucketMs: number,
  groupBy: Dimension | null,
  need: SketchNeed = BOTH_SKETCHES,
): Promise<BucketedAggregates> {
  const count = Math.max(1, Math.ceil((to - from) / bucketMs));
  const result: BucketedAggregates = new Map();
  const slot = (key: string | null, at: number) => {
    let buckets = result.get(key);
    if (!buckets) result.set(key, (buckets = Array.from({ length: count }, emptyAggregate)));
    // `at` lies in [from, to), so the index is always in range.
    return buckets[Math.floor((at - from) / bucketMs)] as Aggregate;
  };
  const series = rollupFor(filter);
  const fromRollups =
    series !== null && !series.dailyOnly && bucketMs % HOUR_MS === 0 && from % HOUR_MS === 0;
  if (fromRollups && (groupBy === null || series.dim === ALL)) {
    const rows = await readRollups(
      db,
      groupBy ?? series.dim,
      groupBy ? null : series.value,
      from,
      hourOf(to - 1),
      need,
    );
    for (const row of rows) {
      if (Number(row.hour) >= from) absorbRow(slot(groupBy ? row.value : null, Number(row.hour)), row);
    }
  } else {
    for (const job of await scanJobs(db, filter, from, to)) {
      const keys = groupBy
        ? dimensionValues(job)
            .filter(([dim]) => dim === groupBy)
            .map(([, value]) => value)
        : [null];
      const inside = (at: number | null): at is number => at !== null && at >= from && at < to;
      for (const key of keys) {
        if (inside(job.finishedAt)) addFinished(slot(key, job.finishedAt), job);
        if (inside(job.startedAt)) addStarted(slot(key, job.startedAt), job);
      }
    }
  }
  if (result.size === 0 && groupBy === null) slot(null, from);
  return result;
}
