/**
 * Metrics API contract (`/api/v1/metrics/*`): query schemas and response
 * shapes, shared by the server (which validates with the schemas) and the
 * dashboard (which builds URLs from them). Fields may be added, never renamed.
 *
 * Conventions: times are ISO 8601 in UTC; durations are milliseconds; rates are
 * 0..1 or null when nothing was counted; percentiles are nearest-rank, read
 * from a mergeable sketch within 0.5% of the exact value.
 */
import { z } from "zod";
import { BUCKETS, type Bucket, metricFilterSchema, DIMENSIONS, type Dimension } from "./metric-base";

export * from "./metric-base";
export * from "./metric-lists";

// ── Summary ─────────────────────────────────────────────────────────────────

/** `GET /metrics/summary`. */
export const summaryQuerySchema = metricFilterSchema;

/** Percentiles, mean and max of a set of durations (ms); null when the set is empty. */
export interface Distribution {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

/** Job counts: terminal ones in the window by finish time; `running`/`queued` are the jobs active now. */
export interface SummaryCounts {
  total: number;
  success: number;
  failure: number;
  timed_out: number;
  cancelled: number;
  skipped: number;
  /** Finished without a verdict (GitHub neutral / action_required); in no rate. */
  neutral: number;
  running: number;
  queued: number;
}

/** `GET /metrics/summary` answer (docs/api.md, "Metrics"). */
export interface MetricsSummary {
  window: string;
  from: string;
  to: string;
  counts: SummaryCounts;
  /** Successes of decided jobs: success ÷ (success + failure + timed_out); cancelled, skipped and neutral excluded. */
  successRate: number | null;
  /** Over jobs that finished in the window as success, failure or timed_out. */
  durationMs: Distribution;
  /** Over jobs that started in the window. */
  queueMs: Distribution;
  /** Jobs started and finished in the window. */
  throughput: { started: number; finished: number };
  /** Active jobs flagged lost now (they count as `runner_lost` failures). */
  lost: number;
}

// ── Time series ─────────────────────────────────────────────────────────────

/** What a time series can plot. */
export const SERIES_METRICS = ["success_rate", "duration", "queue_time", "throughput"] as const;
/** A time-series metric. */
export type SeriesMetric = (typeof SERIES_METRICS)[number];

/** `GET /metrics/timeseries`: `bucket` is chosen for the window when omitted. */
export const timeseriesQuerySchema = metricFilterSchema.extend({
  metric: z.enum(SERIES_METRICS),
  bucket: z.enum(BUCKETS).optional(),
  groupBy: z.enum(DIMENSIONS).optional(),
});

/**
 * One bucket. `count` is how many jobs the metric was computed over; `value`
 * is the headline figure (success rate; p50 for durations; jobs finished for
 * throughput). The other fields belong to one metric each.
 */
export interface SeriesPoint {
  /** Start of the bucket. */
  t: string;
  count: number;
  value: number | null;
  // success_rate
  success?: number;
  failure?: number;
  timed_out?: number;
  cancelled?: number;
  skipped?: number;
  neutral?: number;
  // duration, queue_time (ms)
  p50?: number | null;
  p90?: number | null;
  p95?: number | null;
  p99?: number | null;
  mean?: number | null;
  max?: number | null;
  // throughput
  started?: number;
  finished?: number;
}

/** One series: everything (`key` null), or one value of `groupBy`. */
export interface Series {
  key: string | null;
  /** Jobs counted across the whole series (groups are ranked by it). */
  total: number;
  points: SeriesPoint[];
}

/** Most series one grouped answer carries (the busiest groups). */
export const MAX_SERIES = 10;

/** `GET /metrics/timeseries` answer. Every series has the same bucket starts. */
export interface TimeseriesResponse {
  metric: SeriesMetric;
  /** The bucket used (coarser than asked when the window would exceed `MAX_POINTS`). */
  bucket: Bucket;
  window: string;
  from: string;
  to: string;
  groupBy: Dimension | null;
  series: Series[];
}
