"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { JobSource, JobStatus } from "@/lib/job";
import { runFiltersFromSearchParams, type RunFilters, type RunTextFilterKey } from "@/components/api/run-api";

/** What {@link useRunFilters} returns. */
export interface RunFiltersState {
  filters: RunFilters;
  setText: (key: RunTextFilterKey, value: string) => void;
  setSource: (source: JobSource | null) => void;
  setStatuses: (statuses: JobStatus[]) => void;
  clear: () => void;
}

/**
 * Pipelines filters kept in the URL query string (as on the Jobs page), so a
 * link reproduces the view. Must render inside `<Suspense>` (it reads `useSearchParams`).
 */
export function useRunFilters(): RunFiltersState {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = searchParams.toString();
  const filters = useMemo(() => runFiltersFromSearchParams(new URLSearchParams(search)), [search]);

  const update = useCallback(
    (key: string, value: string) => {
      // Read the live URL, not the render's snapshot: two debounced inputs may commit before the router catches up.
      const params = new URLSearchParams(window.location.search);
      const trimmed = value.trim();
      if (trimmed) params.set(key, trimmed);
      else params.delete(key);
      params.delete("cursor");
      const query = params.toString().replaceAll("%2C", ",");
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const setText = useCallback((key: RunTextFilterKey, value: string) => update(key, value), [update]);
  const setSource = useCallback((source: JobSource | null) => update("source", source ?? ""), [update]);
  const setStatuses = useCallback((statuses: JobStatus[]) => update("status", statuses.join(",")), [update]);
  const clear = useCallback(() => router.replace(pathname, { scroll: false }), [router, pathname]);

  return { filters, setText, setSource, setStatuses, clear };
}
