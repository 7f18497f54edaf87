"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import {
  SUCCESS_RATE_DEFINITION,
  type Bucket,
  type Dimension,
  type SeriesMetric,
  type TimeseriesResponse,
} from "@/lib/metrics";
import { hasSeriesData, mainSeries, seriesRows } from "./metric-series";
import { metricQueryOf, type MetricFilters, type MetricWindow } from "./metric-filter-state";
import { MetricPanel } from "./metric-panel";
import { timeseriesQuery } from "@/components/api/metrics-queries";
import { PercentileChart } from "./percentile-chart";
import { SuccessRateChart } from "./success-rate-chart";
import { ThroughputChart } from "./throughput-chart";
import { OutcomesChart, outcomeTotals } from "./outcomes-chart";

/** Props of {@link InsightsCharts}. */
export interface InsightsChartsProps {
  filters: MetricFilters;
  /** One series per value of this dimension in the success-rate and duration charts. */
  groupBy: Dimension | null;
  /** What an empty chart says (depends on whether filters are set). */
  empty: ReactNode;
}

/**
 * The bucket of each window: 60 to 170 points, few enough that a line reads
 * as a trend rather than noise (the server's own pick is finer).
 */
const BUCKET_OF: Record<MetricWindow, Bucket> = {
  "1h": "1m",
  "6h": "5m",
  "24h": "15m",
  "7d": "1h",
  "30d": "6h",
  "90d": "1d",
};

function useSeries(filters: MetricFilters, metric: SeriesMetric, groupBy: Dimension | null = null) {
  const bucket = BUCKET_OF[filters.window];
  return useQuery(
    timeseriesQuery({ ...metricQueryOf(filters), metric, bucket, ...(groupBy ? { groupBy } : {}) }),
  );
}

const isEmpty = (data: TimeseriesResponse) => !hasSeriesData(data);

/** The time-series charts of Insights: success rate, throughput, outcomes, duration and queue-time percentiles. */
export function InsightsCharts({ filters, groupBy, empty }: InsightsChartsProps) {
  const success = useSeries(filters, "success_rate", groupBy);
  const throughput = useSeries(filters, "throughput");
  // Ungrouped: the same query as `success` when nothing is grouped (one request).
  const outcomes = useSeries(filters, "success_rate");
  const duration = useSeries(filters, "duration", groupBy);
  const queue = useSeries(filters, "queue_time");
  const by = groupBy ? `, by ${groupBy}` : "";
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <MetricPanel
        title="Success rate"
        headingId="chart-success-heading"
        description={`${SUCCESS_RATE_DEFINITION.replace(/\.$/, "")}: passed ÷ (passed + failed + timed out), by finish time${by}`}
        query={success}
        what="the success rate"
        isEmpty={isEmpty}
        empty={empty}
        data-testid="panel-success-rate"
      >
        {(data) => <SuccessRateChart response={data} />}
      </MetricPanel>
      <MetricPanel
        title="Throughput"
        headingId="chart-throughput-heading"
        description="Jobs started and finished per bucket"
        query={throughput}
        what="throughput"
        isEmpty={isEmpty}
        empty={empty}
        data-testid="panel-throughput"
      >
        {(data) => <ThroughputChart response={data} />}
      </MetricPanel>
      <MetricPanel
        title="Outcomes"
        headingId="chart-outcomes-heading"
        description="Jobs finished per bucket by outcome; cancelled, skipped and neutral are outcomes of their own"
        query={outcomes}
        what="outcomes"
        isEmpty={(data) => outcomeTotals(seriesRows(mainSeries(data))).every((t) => t.total === 0)}
        empty={empty}
        className="lg:col-span-2"
        data-testid="panel-outcomes"
      >
        {(data) => <OutcomesChart response={data} />}
      </MetricPanel>
      <MetricPanel
        title="Job duration"
        headingId="chart-duration-heading"
        description={
          groupBy
            ? `p50 of jobs that passed, failed or timed out${by}`
            : "p50 with p90, p95 and p99 bands, over jobs that passed, failed or timed out"
        }
        query={duration}
        what="durations"
        isEmpty={isEmpty}
        empty={empty}
        data-testid="panel-duration"
      >
        {(data) => (
          <PercentileChart
            response={data}
            subject="Job duration"
            colour="var(--chart-duration)"
            data-testid="chart-duration"
          />
        )}
      </MetricPanel>
      <MetricPanel
        title="Queue time"
        headingId="chart-queue-heading"
        description="p50 with p90, p95 and p99 bands: queued until a runner picked the job up"
        query={queue}
        what="queue times"
        isEmpty={isEmpty}
        empty={empty}
        data-testid="panel-queue-time"
      >
        {(data) => (
          <PercentileChart
            response={data}
            subject="Queue time"
            colour="var(--chart-queue)"
            data-testid="chart-queue-time"
          />
        )}
      </MetricPanel>
    </div>
  );
}
