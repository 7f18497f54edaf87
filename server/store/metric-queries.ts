/**
 * Aggregates over windows and buckets, answered from roll-ups where they
 * can be and from raw jobs where they cannot:
 * - no filter, or one dimension filter: hourly roll-ups for whole hours, plus
 *   a raw scan of the part-hour at the start of an unaligned window;
 * - two or more filters (roll-ups hold one dimension each), or buckets finer
 *   than an hour: a raw scan of the window, through the narrowest index.
 * The current hour's roll-up holds everything up to now, so windows ending
 * now need no raw scan at their end.
 */
import type { Kysely } from "kysely";
import type { Dimension } from "../../lib/metrics";
import {
  absorbAggregate,
  addFact,
  addFinished,
  addStarted,
  emptyAggregate,
  type Aggregate,
} from "../domain/metric-aggregate";
import {
  ALL,
  BOTH_SKETCHES,
  HOUR_MS,
  aggregateOf,
  dimensionValues,
  hourOf,
  readRollups,
  type SketchNeed,
} from "./metric-rollups";
import { scanJobs, type DimensionFilter } from "./metric-scan";
import type { Database } from "./schema";

const FILTER_DIMS = ["source", "repo", "branch", "workflow", "job", "label"] as const satisfies Dimension[];

/** The one roll-up series that answers a filter, or null when only a raw scan can. */
function rollupFor(filter: DimensionFilter): { dim: string; value: string } | null {
  const set = FILTER_DIMS.filter((dim) => filter[dim] !== undefined);
  if (set.length === 0) return { dim: ALL, value: ALL };
  const only = set[0];
  return set.length === 1 && only ? { dim: only, value: String(filter[only]) } : null;
}

/** Every job in [from, to) matching the filter, as one aggregate. */
export async function aggregateWindow(
  db: Kysely<Database>,
  filter: DimensionFilter,
  from: number,
  to: number,
): Promise<Aggregate> {
  const total = emptyAggregate();
  const series = rollupFor(filter);
  const firstWholeHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const rawUntil = series ? Math.min(firstWholeHour, to) : to;
  if (rawUntil > from) {
    for (const job of await scanJobs(db, filter, from, rawUntil)) addFact(total, job, from, rawUntil);
  }
  if (series && rawUntil < to) {
    // Whole hours up to the one holding `to` (which holds everything up to now).
    const rows = await readRollups(db, series.dim, series.value, rawUntil, hourOf(to - 1));
    for (const row of rows) absorbAggregate(total, aggregateOf(row));
  }
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
  const fromRollups = series !== null && bucketMs % HOUR_MS === 0 && from % HOUR_MS === 0;
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
      if (Number(row.hour) >= from)
        absorbAggregate(slot(groupBy ? row.value : null, Number(row.hour)), aggregateOf(row));
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
