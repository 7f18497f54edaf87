/** `GET /metrics/timeseries`: one metric per bucket, optionally one series per group. */
import {
  MAX_SERIES,
  type Series,
  type SeriesMetric,
  type SeriesPoint,
  type TimeseriesResponse,
} from "../../lib/metrics";
import type { z } from "zod";
import type { timeseriesQuerySchema } from "../../lib/metrics";
import { distribution, successRate, type Aggregate } from "../domain/metric-aggregate";
import { BUCKET_MS, durationMs } from "../../lib/metrics";
import type { MetricsStore } from "../store/store";
import { dimensions } from "./summary";
import { alignDown, chooseBucket, iso } from "./window";

/** Parsed query of `GET /metrics/timeseries`. */
export type TimeseriesQuery = z.infer<typeof timeseriesQuerySchema>;

/** One bucket's point of `metric`. */
export function pointOf(metric: SeriesMetric, t: number, a: Aggregate): SeriesPoint {
  switch (metric) {
    case "success_rate":
      return {
        t: iso(t),
        count: a.success + a.failure + a.timed_out,
        value: successRate(a),
        success: a.success,
        failure: a.failure,
        timed_out: a.timed_out,
        cancelled: a.cancelled,
        skipped: a.skipped,
        neutral: a.neutral,
      };
    case "duration":
    case "queue_time": {
      const sketch = metric === "duration" ? a.duration : a.queue;
      const d = distribution(sketch);
      return { t: iso(t), count: sketch.count, value: d.p50, ...d };
    }
    case "throughput":
      return { t: iso(t), count: a.finished, value: a.finished, started: a.started, finished: a.finished };
  }
}

/** The time series of `query` over its window ending `now`. */
export async function metricsTimeseries(
  store: MetricsStore,
  query: TimeseriesQuery,
  now: number,
): Promise<TimeseriesResponse> {
  const windowMs = durationMs(query.window) ?? 0;
  const bucket = chooseBucket(windowMs, query.bucket);
  const bucketMs = BUCKET_MS[bucket];
  const from = alignDown(now - windowMs, bucketMs);
  const to = now + 1;
  const { metric: _metric, bucket: _bucket, groupBy, ...filter } = query;
  await store.refreshMetrics();
  const need = { duration: query.metric === "duration", queue: query.metric === "queue_time" };
  const grouped = await store.aggregateBuckets(dimensions(filter), from, to, bucketMs, groupBy ?? null, need);
  const series: Series[] = [...grouped].map(([key, buckets]) => {
    const points = buckets.map((a, i) => pointOf(query.metric, from + i * bucketMs, a));
    return { key, total: points.reduce((sum, p) => sum + p.count, 0), points };
  });
  series.sort((a, b) => b.total - a.total || String(a.key).localeCompare(String(b.key)));
  return {
    metric: query.metric,
    bucket,
    window: query.window,
    from: iso(from),
    to: iso(now),
    groupBy: groupBy ?? null,
    series: series.slice(0, MAX_SERIES),
  };
}
