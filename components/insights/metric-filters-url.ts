/**
 * Metric filters in the URL, without React: parsed from and written to a query
 * string. Plain functions, so a page's server rendering derives the same
 * filters (and query keys) as its client components (`metric-filter-state.ts`).
 */
import { JOB_SOURCES, type JobSource } from "@/lib/job";

/** The windows the metric pages offer, shortest first. */
export const METRIC_WINDOWS = ["1h", "6h", "24h", "7d", "30d", "90d"] as const;

/** A window the metric pages offer. */
export type MetricWindow = (typeof METRIC_WINDOWS)[number];

/** The window a page shows when the URL names none (the server's default for most metrics). */
export const DEFAULT_METRIC_WINDOW: MetricWindow = "24h";

/** Free-text filters, in the order the filter bar shows them. */
export const METRIC_TEXT_FILTER_KEYS = ["repo", "branch", "workflow", "job", "label"] as const;

/** One of the free-text metric filters. */
export type MetricTextFilterKey = (typeof METRIC_TEXT_FILTER_KEYS)[number];

/** Every metric filter as it appears in the URL. */
export type MetricFilterKey = "window" | "source" | MetricTextFilterKey;

/** Filters of the Insights, Queue and Triage pages; absent ones mean "any". */
export interface MetricFilters {
  window: MetricWindow;
  source?: JobSource;
  repo?: string;
  branch?: string;
  workflow?: string;
  job?: string;
  label?: string;
}

/** Longest filter value the API accepts (`lib/metrics.ts`); longer ones are dropped, not sent. */
const MAX_FILTER_LENGTH = 300;

const isWindow = (value: string | undefined): value is MetricWindow =>
  (METRIC_WINDOWS as readonly string[]).includes(value ?? "");

const isSource = (value: string | undefined): value is JobSource =>
  (JOB_SOURCES as readonly string[]).includes(value ?? "");

/**
 * Reads metric filters from a URL query string. An unknown window falls back
 * to {@link DEFAULT_METRIC_WINDOW}; unknown sources, blanks and over-long
 * values are ignored, so a hand-edited link never produces a request the API refuses.
 */
export function metricFiltersFromSearchParams(search: Pick<URLSearchParams, "get">): MetricFilters {
  const window = search.get("window")?.trim();
  const filters: MetricFilters = { window: isWindow(window) ? window : DEFAULT_METRIC_WINDOW };
  const source = search.get("source")?.trim();
  if (isSource(source)) filters.source = source;
  for (const key of METRIC_TEXT_FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value && value.length <= MAX_FILTER_LENGTH) filters[key] = value;
  }
  return filters;
}

/** The URL query string of some filters; the default window is left out, so a plain link stays plain. */
export function metricFiltersToSearchParams(filters: Partial<MetricFilters>): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.window && filters.window !== DEFAULT_METRIC_WINDOW) search.set("window", filters.window);
  if (filters.source) search.set("source", filters.source);
  for (const key of METRIC_TEXT_FILTER_KEYS) {
    const value = filters[key];
    if (value) search.set(key, value);
  }
  return search;
}

/** A metric page's path with the filters (and page-specific `extra` parameters) in its query string. */
export function metricPageHref(
  pathname: string,
  filters: Partial<MetricFilters>,
  extra: Readonly<Record<string, string | undefined>> = {},
): string {
  const search = metricFiltersToSearchParams(filters);
  for (const [key, value] of Object.entries(extra)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** True when any filter other than the window is set. */
export function hasMetricFilters(filters: MetricFilters): boolean {
  return Boolean(filters.source) || METRIC_TEXT_FILTER_KEYS.some((key) => Boolean(filters[key]));
}

/** The filters as an API query: only the set fields, ready for `metrics-api`. */
export function metricQueryOf(filters: MetricFilters): MetricFilters {
  const query: MetricFilters = { window: filters.window };
  if (filters.source) query.source = filters.source;
  for (const key of METRIC_TEXT_FILTER_KEYS) if (filters[key]) query[key] = filters[key];
  return query;
}
