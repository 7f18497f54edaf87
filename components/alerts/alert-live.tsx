"use client";

import type { QueryClient } from "@tanstack/react-query";
import { createContext, use, useCallback, useState, type ReactNode } from "react";
import { alertKeys } from "@/components/api/alert-queries";
import { createThrottle } from "@/components/live/throttle";
import { useLiveEvents, type LiveEventsSetup } from "@/components/live/use-live-query";

/** Least time between two refetches of the alert history that live events start. */
export const ALERT_REFRESH_MS = 1000;

const NewAlertsContext = createContext(0);

/** Props of {@link AlertLiveProvider}. */
export interface AlertLiveProviderProps {
  children: ReactNode;
}

/**
 * Listens to `alert:fired` for the whole shell: counts the alerts that started
 * firing since this page was loaded (reminders and resolutions are not new
 * alerts), and refetches the alert history on screen at most once per
 * {@link ALERT_REFRESH_MS}. A reconnect that missed events refetches too.
 * Mount once, inside the socket provider.
 */
export function AlertLiveProvider({ children }: AlertLiveProviderProps) {
  const [count, setCount] = useState(0);
  const create = useCallback((queryClient: QueryClient): LiveEventsSetup => {
    const refresh = createThrottle(
      () => void queryClient.invalidateQueries({ queryKey: alertKeys.history, refetchType: "active" }),
      ALERT_REFRESH_MS,
    );
    return {
      events: {
        "alert:fired": (payload) => {
          if (payload.notice === "firing") setCount((n) => n + 1);
          refresh.trigger();
        },
      },
      onMissed: () => refresh.trigger(),
      dispose: () => refresh.cancel(),
    };
  }, []);
  useLiveEvents(create);

  return <NewAlertsContext value={count}>{children}</NewAlertsContext>;
}

/** How many alerts started firing since the page was loaded (0 outside {@link AlertLiveProvider}). */
export function useNewAlertCount(): number {
  return use(NewAlertsContext);
}

/** Props of {@link AlertCountBadge}. */
export interface AlertCountBadgeProps {
  count: number;
}

/** The Alerts nav item's pill: hidden at zero, named for screen readers ("3 new alerts"). */
export function AlertCountBadge({ count }: AlertCountBadgeProps) {
  if (count === 0) return null;
  const label = `${count} new ${count === 1 ? "alert" : "alerts"}`;
  return (
    <span data-testid="alert-badge" data-count={count} title={`${label} since this page was opened`}>
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
