"use client";

import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useCallback, type ReactNode } from "react";
import { alertKeys, openAlertCountQuery } from "@/components/api/alert-queries";
import { createThrottle } from "@/components/live/throttle";
import { useLiveEvents, type LiveEventsSetup } from "@/components/live/use-live-query";

/** Least time between two refetches of the alert views that live events start. */
export const ALERT_REFRESH_MS = 1000;

/** What `alert:fired` makes stale: the history, the open count (badge) and every job page's alerts. */
const LIVE_KEYS = [alertKeys.history, alertKeys.openCount, alertKeys.jobs];

/** Props of {@link AlertLiveProvider}. */
export interface AlertLiveProviderProps {
  children: ReactNode;
}

/**
 * Listens to `alert:fired` for the whole shell and refetches, at most once per
 * {@link ALERT_REFRESH_MS}, the alert views on screen: the history, the open
 * count the navigation badge shows, and a job page's alerts. A firing notice
 * opens an alert and a resolved one closes it, so the count is always the
 * server's, never a tally of events since the page loaded. A reconnect that
 * missed events refetches too. Mount once, inside the socket provider.
 */
export function AlertLiveProvider({ children }: AlertLiveProviderProps) {
  const create = useCallback((queryClient: QueryClient): LiveEventsSetup => {
    const refresh = createThrottle(() => {
      for (const queryKey of LIVE_KEYS)
        void queryClient.invalidateQueries({ queryKey, refetchType: "active" });
    }, ALERT_REFRESH_MS);
    return {
      events: { "alert:fired": () => refresh.trigger() },
      onMissed: () => refresh.trigger(),
      dispose: () => refresh.cancel(),
    };
  }, []);
  useLiveEvents(create);
  return <>{children}</>;
}

/**
 * How many alerts are firing now, from `GET /alerts/open-count` (0 while
 * loading, on error, or when `enabled` is false: the badge is for admins).
 */
export function useOpenAlertCount(enabled: boolean): number {
  return useQuery({ ...openAlertCountQuery(), enabled }).data ?? 0;
}

/** Props of {@link AlertCountBadge}. */
export interface AlertCountBadgeProps {
  count: number;
}

/** The Alerts nav item's pill: hidden at zero, named for screen readers ("3 open alerts"). */
export function AlertCountBadge({ count }: AlertCountBadgeProps) {
  if (count === 0) return null;
  const label = `${count} open ${count === 1 ? "alert" : "alerts"}`;
  return (
    <span data-testid="alert-badge" data-count={count} title={`${label}, firing now`}>
      <span
        aria-hidden
        className="ml-1 inline-flex min-w-4.5 items-center justify-center rounded-full bg-red-600 px-1 text-[11px] font-semibold leading-4.5 tabular-nums text-white dark:bg-red-500 dark:text-red-950"
      >
        {count > 99 ? "99+" : count}
      </span>
      <span className="sr-only">{` (${label})`}</span>
    </span>
  );
}
