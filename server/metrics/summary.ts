/** `GET /metrics/summary`: counts, success rate and distributions over a window. */
import type { MetricFilter, MetricsSummary } from "../../lib/metrics";
import { distribution, successRate } from "../domain/metric-aggregate";
import type { MetricsStore } from "../store/store";
import { iso, windowRange } from "./window";

/** Splits the window off the filter. */
export const dimensions = ({ window: _window, ...filter }: MetricFilter) => filter;

/** The summary of the jobs matching `query` in its window ending `now`. */
export async function metricsSummary(
  store: MetricsStore,
  query: MetricFilter,
  now: number,
): Promise<MetricsSummary> {
  const { from, to } = windowRange(query.window, now);
  const filter = dimensions(query);
  await store.refreshMetrics();
  const [total, active] = await Promise.all([
    store.aggregateWindow(filter, from, to),
    store.countActiveJobs(filter),
  ]);
  return {
    window: query.window,
    from: iso(from),
    to: iso(now),
    counts: {
      total: total.finished + active.running + active.queued,
      success: total.success,
      failure: total.failure,
      timed_out: total.timed_out,
      cancelled: total.cancelled,
      skipped: total.skipped,
      neutral: total.neutral,
      running: active.running,
      queued: active.queued,
    },
    successRate: successRate(total),
    durationMs: distribution(total.duration),
    queueMs: distribution(total.queue),
    throughput: { started: total.started, finished: total.finished },
    lost: active.lost,
  };
}
