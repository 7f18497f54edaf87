"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  DEFAULT_METRIC_WINDOW,
  METRIC_TEXT_FILTER_KEYS,
  metricFiltersFromSearchParams,
  type MetricFilterKey,
  type MetricFilters,
} from "./metric-filters-url";

// The URL helpers moved to a plain module (server components use them); importers of this one keep working.
export {
  DEFAULT_METRIC_WINDOW,
  METRIC_TEXT_FILTER_KEYS,
  METRIC_WINDOWS,
  hasMetricFilters,
  metricFiltersFromSearchParams,
  metricFiltersToSearchParams,
  metricPageHref,
  metricQueryOf,
} from "./metric-filters-url";
export type { MetricFilterKey, MetricFilters, MetricTextFilterKey, MetricWindow } from "./metric-filters-url";

/** What {@link useMetricFilters} returns. */
export interface MetricFiltersState {
  filters: MetricFilters;
  /** Sets one filter (blank clears it). */
  set: (key: MetricFilterKey, value: string) => void;
  /** Sets a page-specific parameter (blank clears it), e.g. Triage's grouping. */
  setParam: (key: string, value: string) => void;
  /** Reads a page-specific parameter. */
  param: (key: string) => string | null;
  /** Clears every filter but keeps the window and page-specific parameters. */
  clear: () => void;
}

/**
 * Metric filters kept in the URL query string, so a link reproduces the view.
 * Must render inside `<Suspense>` (it reads `useSearchParams`).
 */
export function useMetricFilters(): MetricFiltersState {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = searchParams.toString();
  const filters = useMemo(() => metricFiltersFromSearchParams(new URLSearchParams(search)), [search]);

  const replace = useCallback(
    (edit: (params: URLSearchParams) => void) => {
      // Read the live URL, not the render's snapshot: two debounced inputs may commit before the router catches up.
      const params = new URLSearchParams(window.location.search);
      edit(params);
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const setParam = useCallback(
    (key: string, value: string) =>
      replace((params) => {
        const trimmed = value.trim();
        if (trimmed) params.set(key, trimmed);
        else params.delete(key);
      }),
    [replace],
  );
  const set = useCallback(
    (key: MetricFilterKey, value: string) =>
      // The default window is not written, so the plain page URL stays the default view.
      setParam(key, key === "window" && value === DEFAULT_METRIC_WINDOW ? "" : value),
    [setParam],
  );
  const param = useCallback((key: string) => new URLSearchParams(search).get(key), [search]);
  const clear = useCallback(
    () =>
      replace((params) => {
        params.delete("source");
        for (const key of METRIC_TEXT_FILTER_KEYS) params.delete(key);
      }),
    [replace],
  );

  return { filters, set, setParam, param, clear };
}
