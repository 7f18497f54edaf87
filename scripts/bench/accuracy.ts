/**
 * The sketch's error: the API's nearest-rank percentiles against exact ones
 * computed from every raw value in the same window (each job's own JSON), as
 * the largest relative error over p50, p90, p95 and p99.
 */
import type { Distribution, MetricsSummary, TimeseriesResponse } from "../../lib/metrics";
import type { RawSeries, RawSummary } from "./raw";
import { relativeError, type ExactDistribution } from "./stats";

/** The error target: within 1% of exact. */
export const ERROR_TARGET = 0.01;

const PERCENTILES = ["p50", "p90", "p95", "p99"] as const;

/** One accuracy check. */
export interface AccuracyCheck {
  id: string;
  /** Values behind the API's answer, and behind the exact one (they should be equal). */
  count: number;
  exactCount: number;
  /** Distributions compared (1 for a summary, one per bucket for a series). */
  compared: number;
  maxRelError: number;
  /** Where the largest error was. */
  worst: string;
}

function compare(
  api: Partial<Distribution>,
  exact: ExactDistribution,
  where: string,
  into: { max: number; worst: string },
): void {
  for (const p of PERCENTILES) {
    const error = relativeError(api[p], exact[p]);
    if (error > into.max || into.worst === "") {
      into.max = Math.max(into.max, error);
      into.worst = `${where} ${p}: api ${api[p] ?? "null"} vs exact ${exact[p] ?? "null"}`;
    }
  }
}

/** Duration and queue-time percentiles of a summary against the exact ones. */
export function summaryAccuracy(id: string, api: MetricsSummary, exact: RawSummary): AccuracyCheck[] {
  const apiCounted = api.counts.success + api.counts.failure + api.counts.timed_out;
  const checks: [string, Distribution, ExactDistribution, number][] = [
    ["durationMs", api.durationMs, exact.durationMs, apiCounted],
    ["queueMs", api.queueMs, exact.queueMs, api.throughput.started],
  ];
  return checks.map(([field, apiDist, exactDist, count]) => {
    const into = { max: 0, worst: "" };
    compare(apiDist, exactDist, field, into);
    return {
      id: `${id} ${field}`,
      count,
      exactCount: field === "durationMs" ? exactDist.count : exact.started,
      compared: 1,
      maxRelError: into.max,
      worst: into.worst,
    };
  });
}

/** Every non-empty bucket of every series of a duration or queue-time series against the exact ones. */
export function seriesAccuracy(id: string, api: TimeseriesResponse, exact: RawSeries): AccuracyCheck {
  const into = { max: 0, worst: "" };
  let compared = 0;
  let count = 0;
  let exactCount = 0;
  for (const series of api.series) {
    const truth = exact.get(series.key) ?? [];
    series.points.forEach((point, i) => {
      const dist = truth[i]?.distribution ?? null;
      count += point.count;
      exactCount += dist?.count ?? 0;
      if (dist === null && point.count === 0) return;
      compared += 1;
      compare(point, dist ?? emptyDistribution, `${series.key ?? "all"} @ ${point.t}`, into);
    });
  }
  return { id, count, exactCount, compared, maxRelError: into.max, worst: into.worst };
}

const emptyDistribution: ExactDistribution = {
  count: 0,
  p50: null,
  p90: null,
  p95: null,
  p99: null,
  mean: null,
  max: null,
};
