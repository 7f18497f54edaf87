/**
 * Metrics the naive way, straight from the raw job rows: select every job in
 * the window and compute exact nearest-rank percentiles by sorting (what the
 * roll-ups and sketches replace). Used twice: timed, as the baseline measured
 * in the same run; and once more over the values inside each stored job's
 * JSON, as the ground truth the API's percentiles are checked against.
 *
 * This reads the benchmark's own SQLite file on a separate read-only
 * connection; it is measuring code, not part of the server (where only
 * `server/store` speaks SQL).
 */
import SqliteDatabase from "better-sqlite3";
import { exactDistribution, type ExactDistribution } from "./stats";

/** A read-only connection to the benchmark's database. */
export type RawDb = SqliteDatabase.Database;

/** Opens the database file read-only. */
export function openRaw(file: string): RawDb {
  return new SqliteDatabase(file, { readonly: true, fileMustExist: true });
}

/**
 * Where the values come from: the narrow `duration_ms`/`queue_ms` columns
 * (the fastest honest naive read), or each job's own JSON (independent of how
 * the store derives its columns; the ground truth).
 */
export type ValueSource = "columns" | "json";

const DURATION = { columns: "duration_ms", json: "json_extract(data, '$.durationMs')" } as const;
const QUEUE = { columns: "queue_ms", json: "json_extract(data, '$.queueMs')" } as const;

// Hazard: without ANALYZE statistics SQLite prefers an index on `status IN (…)` to the time range,
// and reads every success of the last 90 days to keep a month's worth. The unary `+` keeps `status`
// out of index selection, so the naive queries walk the time index as anyone would expect.

/** A window [from, to) and the filters of a naive query. */
export interface RawQuery {
  from: number;
  to: number;
  repo?: string;
  branch?: string;
}

const filterSql = (q: RawQuery) =>
  `${q.repo === undefined ? "" : " AND repo = @repo"}${q.branch === undefined ? "" : " AND branch = @branch"}`;
const params = (q: RawQuery) => ({
  from: q.from,
  to: q.to,
  ...(q.repo === undefined ? {} : { repo: q.repo }),
  ...(q.branch === undefined ? {} : { branch: q.branch }),
});

/** A summary computed from raw rows (the fields `GET /metrics/summary` answers). */
export interface RawSummary {
  counts: Record<"success" | "failure" | "timed_out" | "cancelled" | "skipped" | "finished", number>;
  started: number;
  /** Jobs active now: running, and queued or waiting. */
  active: { running: number; queued: number };
  successRate: number | null;
  durationMs: ExactDistribution;
  queueMs: ExactDistribution;
}

/** The summary of the window: outcomes and durations by finish time, queue times by start time. */
export function rawSummary(db: RawDb, q: RawQuery, source: ValueSource): RawSummary {
  const counts = { success: 0, failure: 0, timed_out: 0, cancelled: 0, skipped: 0, finished: 0 };
  const durations: number[] = [];
  const finished = db
    .prepare(
      `SELECT status, ${DURATION[source]} FROM jobs
       WHERE finished_at >= @from AND finished_at < @to${filterSql(q)}`,
    )
    .raw();
  for (const [status, duration] of finished.iterate(params(q)) as Iterable<[string, number | null]>) {
    counts.finished += 1;
    if (status in counts) counts[status as keyof typeof counts] += 1;
    if (duration !== null && (status === "success" || status === "failure" || status === "timed_out"))
      durations.push(duration);
  }
  const queues = db
    .prepare(
      `SELECT ${QUEUE[source]} FROM jobs WHERE started_at >= @from AND started_at < @to${filterSql(q)}`,
    )
    .pluck()
    .all(params(q)) as (number | null)[];
  const counted = counts.success + counts.failure + counts.timed_out;
  const active = rawActive(db, q);
  return {
    counts,
    started: queues.length,
    active: { running: active.running ?? 0, queued: (active.queued ?? 0) + (active.waiting ?? 0) },
    successRate: counted === 0 ? null : counts.success / counted,
    durationMs: exactDistribution(Float64Array.from(durations)),
    queueMs: exactDistribution(Float64Array.from(queues.filter((v): v is number => v !== null))),
  };
}

/** What a naive time series computes per bucket. */
export type RawSeriesMetric = "duration" | "queue_time" | "success_rate";

/** One bucket of a naive series: a distribution, or success-rate counts. */
export interface RawPoint {
  distribution: ExactDistribution | null;
  success: number;
  counted: number;
}

/** Series by group key (null without `groupBy`), one point per bucket from `from`. */
export type RawSeries = Map<string | null, RawPoint[]>;

/**
 * A time series of `bucketMs` buckets from `from` (aligned by the caller) to
 * `to`, optionally one per source: durations by finish time (success,
 * failure, timed_out), queue times by start time, success rate by finish time.
 */
export function rawTimeseries(
  db: RawDb,
  q: RawQuery,
  bucketMs: number,
  metric: RawSeriesMetric,
  groupBySource: boolean,
  source: ValueSource,
): RawSeries {
  const count = Math.max(1, Math.ceil((q.to - q.from) / bucketMs));
  const key = groupBySource ? "source" : "NULL";
  const result: RawSeries = new Map();
  const series = (k: string | null) => {
    let points = result.get(k);
    if (!points)
      result.set(
        k,
        (points = Array.from({ length: count }, () => ({ distribution: null, success: 0, counted: 0 }))),
      );
    return points;
  };
  if (metric === "success_rate") {
    // Counting is what SQL does well: the naive way lets it group.
    const rows = db
      .prepare(
        `SELECT ${key}, (finished_at - @from) / @bucket AS b, status, count(*) FROM jobs
         WHERE finished_at >= @from AND finished_at < @to${filterSql(q)}
           AND +status IN ('success', 'failure', 'timed_out')
         GROUP BY 1, 2, 3`,
      )
      .raw()
      .all({ ...params(q), bucket: bucketMs }) as [string | null, number, string, number][];
    for (const [k, b, status, n] of rows) {
      const point = series(k)[b];
      if (!point) continue;
      point.counted += n;
      if (status === "success") point.success += n;
    }
    return result;
  }
  const [time, value, statusFilter] =
    metric === "duration"
      ? ["finished_at", DURATION[source], " AND +status IN ('success', 'failure', 'timed_out')"]
      : ["started_at", QUEUE[source], ""];
  const values = new Map<string | null, number[][]>();
  const rows = db
    .prepare(
      `SELECT ${key}, ${time}, ${value} FROM jobs
       WHERE ${time} >= @from AND ${time} < @to${filterSql(q)}${statusFilter}`,
    )
    .raw();
  for (const [k, at, v] of rows.iterate(params(q)) as Iterable<[string | null, number, number | null]>) {
    if (v === null) continue;
    let buckets = values.get(k);
    if (!buckets) values.set(k, (buckets = Array.from({ length: count }, () => [])));
    buckets[Math.floor((at - q.from) / bucketMs)]?.push(v);
  }
  for (const [k, buckets] of values) {
    const points = series(k);
    buckets.forEach((list, i) => {
      const point = points[i];
      if (point && list.length > 0) point.distribution = exactDistribution(Float64Array.from(list));
    });
  }
  return result;
}

/** Active jobs now by status (the summary adds them to its totals). */
function rawActive(db: RawDb, q: RawQuery): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT status, count(*) FROM jobs WHERE status IN ('queued', 'waiting', 'running')${filterSql(q)}
       GROUP BY status`,
    )
    .raw()
    .all(params(q)) as [string, number][];
  return Object.fromEntries(rows);
}

/** SQLite's plan for a statement (EXPLAIN QUERY PLAN), one line per step. */
export function queryPlan(db: RawDb, statement: string, bindings: Record<string, unknown> = {}): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${statement}`).all(bindings) as { detail: string }[];
  return rows.map((row) => row.detail);
}
