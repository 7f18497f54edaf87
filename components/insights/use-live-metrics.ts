"use client";

import { useCallback } from "react";
import type { QueryClient } from "@tanstack/react-query";
import type { MetricsUpdatedPayload } from "@/lib/events";
import type { JobSource } from "@/lib/job";
import { metricKeys } from "@/components/api/metrics-queries";
import { createThrottle } from "@/components/live/throttle";
import { useLiveEvents, type LiveEventsSetup } from "@/components/live/use-live-query";

/** Least time between two refetches of a page's metrics, however often the server says they changed. */
export const METRICS_REFETCH_INTERVAL_MS = 1000;

/** What a page shows: a change elsewhere does not concern it. */
export interface LiveMetricsScope {
  source?: JobSource;
  repo?: string;
}

/** Options of {@link useLiveMetrics}. */
export interface LiveMetricsOptions extends LiveMetricsScope {
  /** Also refetch when a runner changes state (the Queue page's runner counts and utilisation). */
  runners?: boolean;
}

/**
 * Whether a `metrics:updated` notice can change what a page scoped to `scope`
 * shows. A notice that names no sources or repos is taken to concern everyone.
 */
export function concernsScope(payload: MetricsUpdatedPayload, scope: LiveMetricsScope): boolean {
  if (scope.source && payload.sources.length > 0 && !payload.sources.includes(scope.source)) return false;
  if (scope.repo && payload.repos.length > 0 && !payload.repos.includes(scope.repo)) return false;
  return true;
}

/**
 * Keeps the metric queries of the page that mounts it current: on
 * `metrics:updated` (and `runners:updated` with `runners`), refetches them at
 * most once per {@link METRICS_REFETCH_INTERVAL_MS}. Cached answers stay on
 * screen while the refetch runs, so figures change in place. When the socket
 * (re)connects without recovering missed events, everything is refetched.
 */
export function useLiveMetrics({ source, repo, runners = false }: LiveMetricsOptions = {}): void {
  const create = useCallback(
    (queryClient: QueryClient): LiveEventsSetup => {
      let retry: ReturnType<typeof setTimeout> | undefined;
      const throttle = createThrottle(() => {
        // Invalidating cancels fetches in flight to start them over: on a slow server, a notice every
        // second would then keep every figure loading forever. Let them land, then refetch once more.
        if (queryClient.isFetching({ queryKey: metricKeys.all }) > 0) {
          clearTimeout(retry);
          retry = setTimeout(() => throttle.trigger(), METRICS_REFETCH_INTERVAL_MS);
          return;
        }
        void queryClient.invalidateQueries({ queryKey: metricKeys.all });
      }, METRICS_REFETCH_INTERVAL_MS);
      return {
        events: {
          "metrics:updated": (payload) => {
            if (concernsScope(payload, { source, repo })) throttle.trigger();
          },
          ...(runners ? { "runners:updated": () => throttle.trigger() } : {}),
        },
        onMissed: () => throttle.trigger(),
        dispose: () => {
          throttle.cancel();
          clearTimeout(retry);
        },
      };
    },
    [source, repo, runners],
  );
  useLiveEvents(create);
}
