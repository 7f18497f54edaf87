/** Every alerting query the dashboard makes, and its cache key, in one place. */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { isFinalError } from "./api-client";
import { fetchAlerts, fetchChannels, fetchOpenAlertCount, fetchRules } from "./alert-api";

/** Query keys; everything under `["alerting"]` is refreshed together after a write or a live event. */
export const alertKeys = {
  all: ["alerting"] as const,
  channels: ["alerting", "channels"] as const,
  rules: ["alerting", "rules"] as const,
  history: ["alerting", "history"] as const,
  /** The navigation badge: alerts firing now. */
  openCount: ["alerting", "open-count"] as const,
  /** Every job page's alerts (a prefix: one entry per job). */
  jobs: ["alerting", "job"] as const,
  job: (jobId: string) => ["alerting", "job", jobId] as const,
};

/** How many of a job's alerts its page shows (a job takes part in a handful at most). */
export const JOB_ALERTS_LIMIT = 20;

/** How often the history is refetched while a delivery is still pending. */
export const PENDING_POLL_MS = 3000;

/** Page size of the alert history. */
export const ALERT_PAGE_SIZE = 25;

const retry = (failures: number, error: Error) => !isFinalError(error) && failures < 2;

/** Every channel (admin). */
export const channelsQuery = () =>
  queryOptions({
    queryKey: alertKeys.channels,
    queryFn: ({ signal }) => fetchChannels(signal),
    select: (data) => data.items,
    retry,
  });

/** Every alert rule. */
export const rulesQuery = () =>
  queryOptions({
    queryKey: alertKeys.rules,
    queryFn: ({ signal }) => fetchRules(signal),
    select: (data) => data.items,
    retry,
  });

/** The cursor-paginated alert history, newest first, with each alert's deliveries. */
export const alertHistoryQuery = () =>
  infiniteQueryOptions({
    queryKey: alertKeys.history,
    queryFn: ({ pageParam, signal }) => fetchAlerts(pageParam, ALERT_PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
    // Deliveries finish (or retry) after the `alert:fired` that listed them: poll while any is pending.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) =>
        page.items.some((a) => a.deliveries.some((d) => d.status === "pending")),
      )
        ? PENDING_POLL_MS
        : false,
    retry,
  });

/** How many alerts are firing now; refetched by `AlertLiveProvider` on every `alert:fired`. */
export const openAlertCountQuery = () =>
  queryOptions({
    queryKey: alertKeys.openCount,
    queryFn: ({ signal }) => fetchOpenAlertCount(signal),
    select: (data) => data.open,
    retry,
  });

/** The alerts one job opened, failed again in, or closed, newest first. */
export const jobAlertsQuery = (jobId: string) =>
  queryOptions({
    queryKey: alertKeys.job(jobId),
    queryFn: ({ signal }) => fetchAlerts(null, JOB_ALERTS_LIMIT, signal, jobId),
    select: (data) => data.items,
    retry,
  });
