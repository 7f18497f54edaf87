/**
 * Browser side of the metrics REST contract (`GET /api/v1/metrics/*`, shapes
 * and query schemas in `lib/metrics.ts`): request URLs built from the typed
 * queries; requests go through {@link apiFetch}. Defaults are the server's:
 * a field left out here is left out of the URL.
 */
import type { z } from "zod";
import type {
  failuresQuerySchema,
  FailuresResponse,
  flakyQuerySchema,
  FlakyResponse,
  MetricsSummary,
  queueQuerySchema,
  QueueResponse,
  runnersMetricsQuerySchema,
  RunnersMetricsResponse,
  SeriesMetric,
  summaryQuerySchema,
  timeseriesQuerySchema,
  TimeseriesResponse,
  workflowsQuerySchema,
  WorkflowsResponse,
} from "@/lib/metrics";
import { apiFetch } from "./api-client";

/** A query as the server parses it, every field optional (the server fills its defaults). */
type Query<S extends z.ZodType> = Partial<z.output<S>>;

/** `GET /metrics/summary` query. */
export type SummaryQuery = Query<typeof summaryQuerySchema>;
/** `GET /metrics/timeseries` query; `metric` is required. */
export type TimeseriesQuery = Query<typeof timeseriesQuerySchema> & { metric: SeriesMetric };
/** `GET /metrics/failures` query. */
export type FailuresQuery = Query<typeof failuresQuerySchema>;
/** `GET /metrics/flaky` query. */
export type FlakyQuery = Query<typeof flakyQuerySchema>;
/** `GET /metrics/workflows` query. */
export type WorkflowsQuery = Query<typeof workflowsQuerySchema>;
/** `GET /metrics/queue` query. */
export type QueueQuery = Query<typeof queueQuerySchema>;
/** `GET /metrics/runners` query. */
export type RunnersMetricsQuery = Query<typeof runnersMetricsQuerySchema>;

/** Any metrics query: flat strings and numbers. */
type FlatQuery = { readonly [key: string]: string | number | null | undefined };

/**
 * Query string of a metrics request: every set field, keys sorted so one view
 * always asks with the same URL; blanks and nulls are left out.
 */
export function metricsSearchParams(query: FlatQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  return search;
}

/** The path of a metrics endpoint with its query string. */
export function metricsPath(endpoint: string, query: FlatQuery): string {
  const search = metricsSearchParams(query).toString();
  return search ? `/api/v1/metrics/${endpoint}?${search}` : `/api/v1/metrics/${endpoint}`;
}

/** `GET /api/v1/metrics/summary`: headline figures over the window. */
export function fetchMetricsSummary(query: SummaryQuery, signal?: AbortSignal): Promise<MetricsSummary> {
  return apiFetch<MetricsSummary>(metricsPath("summary", query), { signal });
}

/** `GET /api/v1/metrics/timeseries`: one metric bucketed over the window, optionally one series per group. */
export function fetchTimeseries(query: TimeseriesQuery, signal?: AbortSignal): Promise<TimeseriesResponse> {
  return apiFetch<TimeseriesResponse>(metricsPath("timeseries", query), { signal });
}

/** `GET /api/v1/metrics/failures`: failures grouped by cause, workflow or step, largest first. */
export function fetchFailures(query: FailuresQuery, signal?: AbortSignal): Promise<FailuresResponse> {
  return apiFetch<FailuresResponse>(metricsPath("failures", query), { signal });
}

/** `GET /api/v1/metrics/flaky`: jobs that failed then passed on the same commit. */
export function fetchFlaky(query: FlakyQuery, signal?: AbortSignal): Promise<FlakyResponse> {
  return apiFetch<FlakyResponse>(metricsPath("flaky", query), { signal });
}

/** `GET /api/v1/metrics/workflows`: slowest, least reliable and regressed workflows. */
export function fetchWorkflows(query: WorkflowsQuery, signal?: AbortSignal): Promise<WorkflowsResponse> {
  return apiFetch<WorkflowsResponse>(metricsPath("workflows", query), { signal });
}

/** `GET /api/v1/metrics/queue`: every label pool now, with stuck jobs. */
export function fetchQueue(query: QueueQuery, signal?: AbortSignal): Promise<QueueResponse> {
  return apiFetch<QueueResponse>(metricsPath("queue", query), { signal });
}

/** `GET /api/v1/metrics/runners`: utilisation per runner and per pool over the window. */
export function fetchRunnerMetrics(
  query: RunnersMetricsQuery,
  signal?: AbortSignal,
): Promise<RunnersMetricsResponse> {
  return apiFetch<RunnersMetricsResponse>(metricsPath("runners", query), { signal });
}
