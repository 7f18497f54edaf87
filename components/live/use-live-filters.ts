"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { JobFilters } from "@/components/api/jobs-api";
import { useMe } from "@/components/api/auth-queries";
import { LIVE_FILTER_KEYS, liveJobFilters, parseLiveFilters, type LiveFilters } from "./live-filters";

/** What {@link useLiveFilters} returns. */
export interface LiveFiltersState {
  filters: LiveFilters;
  /** The job-list filters they stand for (`mine` resolved to the signed-in name). */
  jobFilters: Omit<JobFilters, "status">;
  /** The signed-in identity's name; null when there is none (auth off, or not yet known). */
  me: string | null;
  /** Sets (or, with "" / false, removes) one filter in the URL. */
  set: (key: keyof LiveFilters, value: string | boolean) => void;
  /** Removes every Live filter, keeping other parameters (the wallboard's `by`). */
  clear: () => void;
}

/**
 * Live's filters kept in the URL query string (same pattern as `useJobFilters`),
 * so a link or a wall screen reproduces the view. Must render inside `<Suspense>`.
 */
export function useLiveFilters(): LiveFiltersState {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { me: meResponse } = useMe();
  const search = searchParams.toString();
  const filters = useMemo(() => parseLiveFilters(new URLSearchParams(search)), [search]);
  const me = meResponse?.principal?.name ?? null;
  const jobFilters = useMemo(() => liveJobFilters(filters, me), [filters, me]);

  const update = useCallback(
    (edit: (params: URLSearchParams) => void) => {
      // The live URL, not this render's snapshot: two debounced inputs may commit before the router catches up.
      const params = new URLSearchParams(window.location.search);
      edit(params);
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const set = useCallback(
    (key: keyof LiveFilters, value: string | boolean) =>
      update((params) => {
        const text = typeof value === "boolean" ? (value ? "1" : "") : value.trim();
        if (text) params.set(key, text);
        else params.delete(key);
      }),
    [update],
  );

  const clear = useCallback(
    () =>
      update((params) => {
        for (const key of LIVE_FILTER_KEYS) params.delete(key);
      }),
    [update],
  );

  return { filters, jobFilters, me, set, clear };
}
