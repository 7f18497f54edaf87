/**
 * Every metrics query the dashboard makes, and its cache key, in one place.
 * The live hook ({@link useLiveMetrics}) invalidates `metricKeys.all`: metric
 * figures depend on each viewer's filters, so the socket only says "changed"
 * and the page refetches what it shows.
 */
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import {
  fetchFailures,
  fetchFlaky,
  fetchMetricsSummary,
  fetchQueue,
  fetchRunnerMetrics,
  fetchTimeseries,
  fetchWorkflows,
  type FailuresQuery,
  type FlakyQuery,
  type QueueQuery,
  type RunnersMetricsQuery,
  type SummaryQuery,
  type TimeseriesQuery,
  type WorkflowsQuery,
} from "./metrics-api";

/** Query keys: `["metrics", endpoint, query]`. */
export const metricKeys = {
  all: ["metrics"] as const,
  summary: (query: SummaryQuery) => ["metrics", "summary", query] as const,
  timeseries: (query: TimeseriesQuery) => ["metrics", "timeseries", query] as const,
  failures: (query: FailuresQuery) => ["metrics", "failures", query] as const,
  flaky: (query: FlakyQuery) => ["metrics", "flaky", query] as const,
  workflows: (query: WorkflowsQuery) => ["metrics", "workflows", query] as const,
  queue: (query: QueueQuery) => ["metrics", "queue", query] as const,
  runners: (query: RunnersMetricsQuery) => ["metrics", "runners", query] as const,
};

/**
 * Shared by every metric query. Keeping the previous answer while a new
 * filter's answer loads keeps charts drawn (dimmed) instead of flashing to a
 * skeleton; the interval lets the window slide forward when nothing changes.
 */
const common = {
  placeholderData: keepPreviousData,
  refetchInterval: 60_000,
  refetchIntervalInBackground: false,
} as const;

/** Headline figures. */
export const summaryQuery = (query: SummaryQuery) =>
  queryOptions({
    queryKey: metricKeys.summary(query),
    queryFn: ({ signal }) => fetchMetricsSummary(query, signal),
    ...common,
  });

/** One time series (or one per group). */
export const timeseriesQuery = (query: TimeseriesQuery) =>
  queryOptions({
    queryKey: metricKeys.timeseries(query),
    queryFn: ({ signal }) => fetchTimeseries(query, signal),
    ...common,
  });

/** Failures by cause, workflow or step. */
export const failuresQuery = (query: FailuresQuery) =>
  queryOptions({
    queryKey: metricKeys.failures(query),
    queryFn: ({ signal }) => fetchFailures(query, signal),
    ...common,
  });

/** Flaky jobs. */
export const flakyQuery = (query: FlakyQuery) =>
  queryOptions({
    queryKey: metricKeys.flaky(query),
    queryFn: ({ signal }) => fetchFlaky(query, signal),
    ...common,
  });

/** Workflow health: slowest, least reliable, regressions. */
export const workflowsQuery = (query: WorkflowsQuery) =>
  queryOptions({
    queryKey: metricKeys.workflows(query),
    queryFn: ({ signal }) => fetchWorkflows(query, signal),
    ...common,
  });

/** Label pools now. */
export const queueQuery = (query: QueueQuery) =>
  queryOptions({
    queryKey: metricKeys.queue(query),
    queryFn: ({ signal }) => fetchQueue(query, signal),
    ...common,
  });

/** Runner and pool utilisation. */
export const runnerMetricsQuery = (query: RunnersMetricsQuery) =>
  queryOptions({
    queryKey: metricKeys.runners(query),
    queryFn: ({ signal }) => fetchRunnerMetrics(query, signal),
    ...common,
  });
